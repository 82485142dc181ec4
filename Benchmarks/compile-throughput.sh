#!/usr/bin/env bash
# Whole-compile throughput: the 89 real documentation pages of shared/bench/wcxb-docs-dev compiled as
# one local folder (parse → chunk → extract → link → emit, cursor + windsurf + agents), release build.
# Prints the median of N runs: seconds, pages/s, MB/s of HTML, and peak RSS — cold (an empty cache
# folder each run: every page parsed and extracted) and warm (the same compile again on that cache:
# every page's result comes from the page cache).
#
#   Benchmarks/compile-throughput.sh [RUNS]        (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
bench=${BENCH_DIR:-../shared/bench/wcxb-docs-dev}
bin=${RULES_MAKER_BIN:-}
if [ -z "$bin" ]; then
  swift build -c release --product rules-maker >/dev/null
  bin=.build/release/rules-maker
fi
pages=.build/bench-compile-pages
if [ ! -d "$pages" ]; then
  mkdir -p "$pages"
  for f in "$bench"/html/*.html.gz; do gunzip -c "$f" > "$pages/$(basename "$f" .gz)"; done
fi
bytes=$(cat "$pages"/*.html | wc -c)
count=$(ls "$pages" | wc -l)
out=$(mktemp -d)
cold=(); warm=()
for _ in $(seq "$runs"); do
  rm -rf "$out/rules" "$out/cache"
  compile() { { /usr/bin/time -f "%e %M" "$bin" compile "$pages" --target cursor,windsurf,agents --out "$out/rules" -q --max-pages 1000 --cache-dir "$out/cache" >/dev/null; } 2>&1 | tail -1; }
  cold+=("$(compile)")
  warm+=("$(compile)")
done
rm -rf "$out"
summary() {
  sort -n | awk -v n="$runs" -v b="$bytes" -v c="$count" -v label="$1" '
  { t[NR]=$1; m[NR]=$2 } END {
    mid=int((n+1)/2); s=t[mid];
    printf "%s pages=%d html=%.1f MB runs=%d median=%.2f s  %.1f pages/s  %.2f MB/s  peak RSS %.0f MB (load: %s)\n",
      label, c, b/1e6, n, s, c/s, b/1e6/s, m[mid]/1024, "'"$(cut -d' ' -f1-3 /proc/loadavg)"'"
  }'
}
printf '%s\n' "${cold[@]}" | summary cold
printf '%s\n' "${warm[@]}" | summary warm
