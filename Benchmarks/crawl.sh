#!/usr/bin/env bash
# Crawl benchmark (issue 3): serves a generated documentation site (PAGES pages of 30–80 KB, keep-alive,
# ETag/304) on 127.0.0.1, measures the server's ceiling with wrk at the crawler's concurrency, then crawls
# it cold (empty HTTP cache) and warm (every page answered 304) under /usr/bin/time -v.
#
#   Benchmarks/crawl.sh                     PAGES=5000 CONCURRENCY=8 WRK_SECONDS=10 LINKS="scan libxml"
#
# LINKS=scan finds links with a byte scan (the crawler alone); LINKS=libxml parses every page with
# libxml2 (HTMLTree + LinkExtractor, as `compile` does). Nothing but loopback is contacted.
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${PAGES:-5000}
conc=${CONCURRENCY:-8}
secs=${WRK_SECONDS:-10}
links=${LINKS:-scan libxml}
swift build -c release --product crawl-bench >/dev/null
bin=.build/release/crawl-bench
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$bin" serve --pages "$pages" --port-file "$work/port" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
url="http://127.0.0.1:$port/"
cat > "$work/paths.lua" <<LUA
local i = 0
request = function()
  i = (i + 1) % $pages
  return wrk.format("GET", "/p/" .. i .. ".html")
end
LUA
echo "== server ceiling: wrk -t2 -c$conc -d${secs}s over $pages pages"
wrk -t2 -c"$conc" -d"${secs}s" -s "$work/paths.lua" "$url" | tee "$work/wrk.txt" | grep -E "Requests/sec|Transfer/sec"
ceiling=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
run() {
  /usr/bin/time -v "$bin" crawl "$url" --cache-dir "$work/cache-$1" --links "$1" --concurrency "$conc" 2> "$work/time.txt" | tee "$work/crawl.txt"
  rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time.txt")
  rate=$(grep -oE '[0-9]+ pages/s' "$work/crawl.txt" | awk '{print $1}')
  echo "   peak RSS $((rss / 1024)) MB; $(awk -v r="$rate" -v c="$ceiling" 'BEGIN { printf "%.0f%%", 100 * r / c }') of the wrk ceiling"
}
for mode in $links; do
  echo "== crawl, links: $mode, cold (empty cache)"
  run "$mode"
  echo "== crawl, links: $mode, warm (conditional requests, all 304)"
  run "$mode"
done
