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
scorer=${SCORER:-../shared/bench/rules-dev/score_rules.py}
python3 "$scorer" --gold "$bench/gold.json" "$out" ${SHOW_MISSED:+--show-missed} --json "$out/score.json"
# Pages kept aside while tuning the extractor (HOLDOUT="" to skip): reported on their own.
holdout=${HOLDOUT-click-testing go-memory-model syn-parse}
python3 - "$out/score.json" "$holdout" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); hold = set(sys.argv[2].split())
pages = r["pages"]
print(f"bytes per page: {r['bytes'] / max(1, len(pages)):.0f}  linked share: {r['linked_share']:.3f}")
for name, sel in (("tuning" if hold else "all", [p for p in pages if p["page"] not in hold]), ("held-out", [p for p in pages if p["page"] in hold])):
    if sel:
        n = sum(p["statements"] for p in sel); c = sum(p["covered"] for p in sel)
        print(f"{name}: recall={c / n:.3f} ({c}/{n}) on {len(sel)} page(s), {sum(p['bytes'] for p in sel) / len(sel):.0f} bytes/page")
PY
echo "compile time for all pages: $(echo "$end - $start" | bc) s ($(ls "$bench"/html/*.html | wc -l) pages, one process each)"
