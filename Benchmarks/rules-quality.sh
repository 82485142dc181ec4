#!/usr/bin/env bash
# Rule-quality benchmark (issue 10): compiles each page of shared/bench/rules-dev on its own into
# OUT/<page id>/ with the default (heuristic) extractor and the cursor target, then scores the
# result with the benchmark's scorer: recall of labelled statements, bytes per page, link share.
#
#   Benchmarks/rules-quality.sh [BENCH_DIR] [OUT_DIR] [-- extra compile flags]
#
# BENCH_DIR defaults to ../shared/bench/rules-dev; the binary is built in release mode unless
# RULES_MAKER_BIN points at one.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${1:-../shared/bench/rules-dev}
out=${2:-.build/bench-rules}
shift $(( $# > 2 ? 2 : $# )) || true
[ "${1:-}" = "--" ] && shift
bin=${RULES_MAKER_BIN:-}
if [ -z "$bin" ]; then
  swift build -c release --product rules-maker >/dev/null
  bin=.build/release/rules-maker
fi
rm -rf "$out"; mkdir -p "$out"
start=$(date +%s.%N)
for page in "$bench"/html/*.html; do
  id=$(basename "$page" .html)
  "$bin" compile "$page" --target cursor --out "$out/$id" --quiet --no-progress "$@" || true
done
end=$(date +%s.%N)
python3 "$bench/score_rules.py" --gold "$bench/gold.json" "$out" ${SHOW_MISSED:+--show-missed}
echo "compile time for all pages: $(echo "$end - $start" | bc) s"
