#!/usr/bin/env bash
# Whole-compile throughput: the 89 real documentation pages of shared/bench/wcxb-docs-dev compiled as
# one local folder (parse → chunk → extract → link → emit, cursor + windsurf + agents), release build.
# Prints the median of N runs: seconds, pages/s, MB/s of HTML, and peak RSS.
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
results=()
for _ in $(seq "$runs"); do
  rm -rf "$out/rules"
  line=$( { /usr/bin/time -f "%e %M" "$bin" compile "$pages" --target cursor,windsurf,agents --out "$out/rules" -q --max-pages 1000 >/dev/null; } 2>&1 | tail -1 )
  results+=("$line")
done
rm -rf "$out"
printf '%s\n' "${results[@]}" | sort -n | awk -v n="$runs" -v b="$bytes" -v c="$count" '
  { t[NR]=$1; m[NR]=$2 } END {
    mid=int((n+1)/2); s=t[mid];
    printf "pages=%d html=%.1f MB runs=%d median=%.2f s  %.1f pages/s  %.2f MB/s  peak RSS %.0f MB (load: %s)\n",
      c, b/1e6, n, s, c/s, b/1e6/s, m[mid]/1024, "'"$(cut -d' ' -f1-3 /proc/loadavg)"'"
  }'
