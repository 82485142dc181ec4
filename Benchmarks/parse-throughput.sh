#!/usr/bin/env bash
# Parse-stage throughput benchmark (issue 4): release build of the ParseBenchmark target over the
# benchmark pages (decompressed once into .build/bench-pages). Prints MB/s of HTML for libxml2's
# parse alone (the floor) and for parse + IR + Markdown, on one thread and on all cores.
#
#   Benchmarks/parse-throughput.sh [BENCH_DIR] [--repeat N] [--threads N]
set -euo pipefail
cd "$(dirname "$0")/.."
bench=../shared/bench/wcxb-docs-dev
if [ $# -gt 0 ] && [ -d "$1" ]; then bench=$1; shift; fi
pages=.build/bench-pages
mkdir -p "$pages"
for page in "$bench"/html/*.html.gz; do
  out="$pages/$(basename "$page" .gz)"
  [ -s "$out" ] || gunzip -c "$page" > "$out"
done
swift build -c release --product ParseBenchmark >/dev/null
.build/release/ParseBenchmark "$pages" "$@"
