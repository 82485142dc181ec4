#!/usr/bin/env bash
# Cold/warm crawl pairs (issue 3): one `crawl-bench serve` server, then for each round and each given
# crawl-bench binary in turn, a cold crawl (empty cache) followed by a warm one (every page 304), each
# under /usr/bin/time -v. Prints one line per run and the medians (pages/s, crawler CPU-s, peak RSS)
# and the warm/cold ratio per binary. Binaries run alternately so that the machine's load hits all alike.
#
#   Benchmarks/crawl-pairs.sh [BINARY...]     PAGES=5000 ROUNDS=7 LINKS=scan CONCURRENCY=8 EXTRA=""
#
# Without arguments it builds and measures .build/release/crawl-bench. EXTRA is passed to every crawl
# (e.g. EXTRA=--no-stored-links). Nothing but loopback is contacted.
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${PAGES:-5000}
rounds=${ROUNDS:-7}
links=${LINKS:-scan}
conc=${CONCURRENCY:-8}
extra=${EXTRA:-}
if [ $# -eq 0 ]; then
  swift build -c release --product crawl-bench >/dev/null
  set -- .build/release/crawl-bench
fi
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$1" serve --pages "$pages" --port-file "$work/port" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$work/port")/"

run() {   # binary label mode
  # shellcheck disable=SC2086
  /usr/bin/time -v "$1" crawl "$url" --cache-dir "$work/cache-$2" --links "$links" --concurrency "$conc" $extra 2> "$work/time.txt" > "$work/crawl.txt"
  local rate user sys rss
  rate=$(grep -oE '[0-9]+ pages/s' "$work/crawl.txt" | awk '{print $1}')
  user=$(awk -F: '/User time/ {gsub(/ /, "", $2); print $2}' "$work/time.txt")
  sys=$(awk -F: '/System time/ {gsub(/ /, "", $2); print $2}' "$work/time.txt")
  rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print int($2 / 1024)}' "$work/time.txt")
  printf '%-10s %-5s %6s pages/s  cpu %.2f s (user %s, sys %s)  rss %s MB  load %s\n' "$2" "$3" "$rate" "$(echo "$user + $sys" | bc)" "$user" "$sys" "$rss" \
    "$(cut -d' ' -f1 /proc/loadavg)"
  echo "$2 $3 $rate $(echo "$user + $sys" | bc) $rss" >> "$work/results"
}

for r in $(seq 1 "$rounds"); do
  i=0
  for bin in "$@"; do
    i=$((i + 1))
    rm -rf "$work/cache-b$i"
    run "$bin" "b$i" cold
    run "$bin" "b$i" warm
  done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
i=0
for bin in "$@"; do
  i=$((i + 1))
  echo "== b$i = $bin ($rounds rounds, links: $links${extra:+, $extra})"
  for mode in cold warm; do
    sel() { awk -v l="b$i" -v m="$mode" -v c="$1" '$1 == l && $2 == m {print $c}' "$work/results"; }
    printf '%s: median %s pages/s (%s–%s), crawler CPU %s s, peak RSS %s MB (max %s)\n' "$mode" "$(sel 3 | median)" \
      "$(sel 3 | sort -n | head -1)" "$(sel 3 | sort -n | tail -1)" "$(sel 4 | median)" "$(sel 5 | median)" "$(sel 5 | sort -n | tail -1)"
  done
  awk -v l="b$i" '$1 == l && $2 == "cold" {c[++n] = $3} $1 == l && $2 == "warm" {w[++m] = $3}
    END {for (k = 1; k <= n; k++) printf "%.2f\n", w[k] / c[k]}' "$work/results" > "$work/ratios"
  printf 'warm/cold: %.2f× on the medians; per pair %s–%s\n' \
    "$(echo "$(awk -v l="b$i" '$1 == l && $2 == "warm" {print $3}' "$work/results" | median) / $(awk -v l="b$i" '$1 == l && $2 == "cold" {print $3}' "$work/results" | median)" | bc -l)" \
    "$(sort -n "$work/ratios" | head -1)" "$(sort -n "$work/ratios" | tail -1)"
done
