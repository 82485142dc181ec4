#!/usr/bin/env bash
# Main-content extraction benchmark (issue 4): runs `rules-maker inspect FILE --stage ir --format text`
# on every page of shared/bench/wcxb-docs-dev and scores the extractions with the benchmark's
# word-level F1 scorer.
#
#   Benchmarks/main-content.sh [BENCH_DIR] [OUT_DIR]      (SCORE_FLAGS=-v for per-page detail)
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${1:-../shared/bench/wcxb-docs-dev}
out=${2:-.build/bench-main-content}
bin=${RULES_MAKER_BIN:-}
if [ -z "$bin" ]; then
  swift build -c release --product rules-maker >/dev/null
  bin=.build/release/rules-maker
fi
rm -rf "$out"; mkdir -p "$out"
for page in "$bench"/html/*.html.gz; do
  id=$(basename "$page" .html.gz)
  "$bin" inspect "$page" --stage ir --format text > "$out/$id.txt" 2>/dev/null || true
done
python3 "$(dirname "$bench")/score_main_content.py" "$bench/ground-truth" "$out" ${SCORE_FLAGS:-}
