#!/usr/bin/env bash
# Rule quality on a second, independently labelled set (issue 10): 8 pages of 8 other sites and
# generators (Docker docs, Django, MDN, nginx, Python's Sphinx docs, react.dev, HashiCorp's
# Terraform docs, rustdoc on docs.rs), 108 statements labelled in the style of
# ../shared/bench/rules-dev/gold.json by reading the pages only (never the tool's output). The
# pages are the WCXB benchmark's own copies (../shared/bench/wcxb-docs-dev/html/NNNN.html.gz,
# listed in Benchmarks/rules-extra/pages.tsv); scored with the rules-dev scorer.
#
#   Benchmarks/rules-extra.sh [OUT_DIR] [-- extra compile flags]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.build/bench-rules-extra}
shift $(( $# > 1 ? 1 : $# )) || true
[ "${1:-}" = "--" ] && shift
wcxb=../shared/bench/wcxb-docs-dev/html
bench=.build/rules-extra
rm -rf "$bench"; mkdir -p "$bench/html"
cp Benchmarks/rules-extra/gold.json "$bench/gold.json"
while IFS=$'\t' read -r id num; do
  gzip -dc "$wcxb/$num.html.gz" > "$bench/html/$id.html"
done < Benchmarks/rules-extra/pages.tsv
HOLDOUT="" Benchmarks/rules-quality.sh "$bench" "$out" -- "$@"
