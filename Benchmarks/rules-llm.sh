#!/usr/bin/env bash
# Rule quality with a model (issue 10, docs/llm-extraction.md): compiles a labelled set with --rerank, a model
# extractor, or both, against a loopback OpenAI-compatible server (Benchmarks/llm-replay/replay-server.py) that
# replays model answers recorded for exactly these prompts (Benchmarks/llm-replay/README.md says how they were
# made), and scores the result like rules-quality.sh (dev) and rules-labelled.sh (the other sets).
#
#   Benchmarks/rules-llm.sh dev|gen7|gen8|gen9|gen10 [rerank|rerank-condense|extract|extract-rerank] [OUT_DIR] [-- compile flags]
#   ANSWERS=dev-rerank-2 Benchmarks/rules-llm.sh dev rerank       # a second, independent set of answers
#   DROP_CONDENSED=1 Benchmarks/rules-llm.sh dev rerank-condense  # the condense answers' rankings alone
#   RECORD_DIR=DIR Benchmarks/rules-llm.sh gen7 rerank   # store each prompt without a recorded answer as DIR/<key>.json
#
# A prompt with no recorded answer (the candidates or the prompt changed since the answers were recorded) fails
# its page, which keeps its own order (rerank) or makes no rules (extract); the count is printed last, and the
# figures are only comparable when it is 0.
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: rules-llm.sh dev|gen7|gen8|gen9|gen10 [rerank|rerank-condense|extract|extract-rerank] [OUT_DIR] [-- compile flags]"
positional=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do positional+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#positional[@]} -le 3 ] || { echo "$usage" >&2; exit 2; }
set_name=${positional[0]:?$usage}
mode=${positional[1]:-rerank}
out=${positional[2]:-.build/bench-llm-$set_name-$mode}
case $mode in
  rerank) flags=(--rerank local); files=("$set_name-rerank") ;;
  rerank-condense) flags=(--rerank local --config Benchmarks/llm-replay/condense.yml); files=("$set_name-rerank-condense") ;;
  extract) flags=(--extractor local); files=("$set_name-extract") ;;
  extract-rerank) flags=(--extractor local --rerank local); files=("$set_name-extract" "$set_name-extract-rerank") ;;
  *) echo "unknown mode $mode (rerank, rerank-condense, extract, extract-rerank)" >&2; exit 2 ;;
esac
# ANSWERS="dev-rerank-2" replays another recorded set instead (names of Benchmarks/llm-replay/*.json.gz).
[ -n "${ANSWERS:-}" ] && read -r -a files <<< "$ANSWERS"
paths=()
for f in "${files[@]}"; do
  p=Benchmarks/llm-replay/$f.json.gz
  [ -f "$p" ] || { echo "no recorded answers for $set_name $mode ($p)" >&2; exit 2; }
  paths+=("$p")
done
work=$(mktemp -d)
python3 Benchmarks/llm-replay/replay-server.py "$work/port" "${paths[@]}" 2>"$work/server.log" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "the replay server did not start: $(cat "$work/server.log")" >&2; exit 1; }
# Only the loopback server answers: no fallback provider, key or config file of the caller's applies.
unset FALLBACK_ENABLED FALLBACK_PROVIDERS OPENAI_API_KEY ANTHROPIC_API_KEY RULES_MAKER_CONFIG RULES_MAKER_ON_LLM_FAILURE
export LOCAL_LLM_BASE_URL=http://127.0.0.1:$(cat "$work/port")/v1 LOCAL_LLM_MODEL=recorded
compile_flags=(--no-llm-cache --on-llm-failure fail "${flags[@]}" "$@")
if [ "$set_name" = dev ]; then
  Benchmarks/rules-quality.sh ../shared/bench/rules-dev "$out" -- "${compile_flags[@]}"
else
  Benchmarks/rules-labelled.sh "$set_name" "$out" -- "${compile_flags[@]}"
fi
echo "prompts without a recorded answer: $(grep -c '^missing' "$work/server.log" || true); requests the server could not read: $(grep -c '^error' "$work/server.log" || true)"
