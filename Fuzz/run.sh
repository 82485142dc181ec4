#!/usr/bin/env bash
# Builds the HTML → IR libFuzzer target and runs it for a bounded time.
#
#   Fuzz/run.sh [SECONDS] [extra libFuzzer flags]      (default 60 s)
#
# SwiftPM has no fuzzer sanitizer switch, so the Parse sources and the parts of RulesMakerCore they use
# are compiled here as one module with `swiftc -sanitize=fuzzer,address`. The corpus starts from the
# golden fixtures; crashes are written to .build/fuzz/ as crash-<sha1>.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}; shift || true
out=.build/fuzz
rm -rf "$out/src"; mkdir -p "$out/src" "$out/corpus"
for f in Sources/Parse/*.swift Sources/RulesMakerCore/{Document,DocumentRendering,FetchedPage,Slug,RobotsDirectives,NavigationOutline}.swift Fuzz/ParseFuzz.swift; do
  grep -v '^import RulesMakerCore' "$f" > "$out/src/$(basename "$(dirname "$f")")-$(basename "$f")"
done
for f in Fixtures/parse/*/page.html; do cp "$f" "$out/corpus/$(basename "$(dirname "$f")").html"; done
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name ParseFuzz \
  -I Sources/CLibXML2 $(pkg-config --cflags-only-I libxml-2.0 | sed 's/-I/-Xcc -I/g') \
  "$out"/src/*.swift -lxml2 -o "$out/parse-fuzz"
cd "$out"
./parse-fuzz -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 -timeout=10 "$@" corpus
