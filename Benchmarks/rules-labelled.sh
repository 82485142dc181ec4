#!/usr/bin/env bash
# Rule quality on the project's own labelled sets (issue 10), to check that a change helps on
# documentation the extractor was not tuned on:
#   extra — 8 pages of 8 other sites and generators (Docker docs, Django, MDN, nginx, Python's
#           Sphinx docs, react.dev, HashiCorp's Terraform docs, rustdoc on docs.rs), 108 statements;
#           the pages are the WCXB benchmark's copies (../shared/bench/wcxb-docs-dev/html/NNNN.html.gz);
#   gen   — 6 pages of mdBook (Rust book, Cargo book, nomicon), rustdoc (std) and DocBook (Valgrind)
#           from the copies installed on this machine (rustup's docs, /usr/share/doc/valgrind), 78
#           statements; pages not installed are left out (and so are their statements);
#   gen2  — 5 pages generated here from real sources and kept with the set (gzipped): Javadoc of
#           java.util.concurrent (ReentrantLock, ExecutorService, ConcurrentHashMap) and Sphinx autodoc of
#           click.testing and flask.Flask, 71 statements;
#   gen3  — 6 pages generated here from real sources and kept with the set (gzipped): Doxygen of liblzma's
#           container.h and brotli's encode.h, Asciidoctor of Spring's @Transactional and Hibernate's
#           batching chapters, MkDocs (material and built-in themes) of two HTTPX pages, 89 statements;
#   gen4  — 10 pages, one or two of each generator issue 10's check names (Sphinx with the furo, RTD and
#           pydata themes, Javadoc, rustdoc, mdBook, DocBook, Doxygen, AsciiDoc, MkDocs), generated here
#           (gzipped) or installed, 157 statements, labelled before any change was measured on them;
#   gen5  — 9 more pages of the same eight generators (Django, psycopg, HashMap, MaybeUninit, Cargo features,
#           Helgrind, ICU ucnv.h, githooks, Uvicorn deployment), 144 statements, a second held-out round;
#   gen6  — 9 more (Flask config, shelve, Semaphore, Rc, nomicon Leaking, Valgrind FAQ, lzma base.h, git-worktree,
#           DRF throttling), 141 statements, a third held-out round;
#   gen7  — 9 more (subprocess, aiohttp, ReentrantReadWriteLock, RwLock, Cargo workspaces, Valgrind core, ICU utext.h,
#           git-gc, Starlette test client), 140 statements, a fourth held-out round, tuned on nothing.
#   gen8  — 8 more (CPython queue, Uvicorn settings, CountDownLatch, mpsc::Receiver, Cargo profiles, Massif, zlib.h,
#           git-stash), 123 statements, a fifth round made in session 8 after its changes, tuned on nothing.
#   gen9  — 10 more (CPython contextvars, CyclicBarrier, Condvar, File, Cargo build scripts, nomicon exception safety,
#           Valgrind core advanced topics, DHAT, xcb.h, git-clean), 155 statements, a sixth round made in session 9
#           after its changes, tuned on nothing.
#   gen10 — 10 more (rustdoc Arc and Command, Cargo publishing, nomicon races, Valgrind Cachegrind and "Writing a new
#           Valgrind tool", javadoc StampedLock, CPython weakref, Doxygen of expat.h, git-revert), a seventh round made
#           in session 10 after its changes, tuned on nothing.
#   gen11 — 10 more (rustdoc OnceLock and OpenOptions, nomicon transmutes, the Rust book's "Unsafe Rust", Valgrind
#           Callgrind and Quick Start, javadoc 25 ThreadLocal and Condition, CPython tempfile, git-tag), 158 statements,
#           an eighth round made in session 17, tuned on nothing.
#   gen12 — 10 more, two generators new to the sets (the Node.js API docs' own generator: worker_threads, timers,
#           events; Texinfo makeinfo: two libffi manual nodes) and three known ones (rustdoc UnsafeCell and std::thread,
#           the nomicon's FFI and the Rust book's "To panic! or Not to panic!", Valgrind's BBV chapter), 163
#           statements, a ninth round made in session 18, tuned on nothing.
#   gen13 — 10 more from Debian's documentation packages, four generators new to the sets (cppreference.com's MediaWiki
#           pages: std::mutex, condition_variable::wait; gtk-doc: GLib thread pools, error reporting; Boost
#           QuickBook/BoostBook: scoped threads, Signals2 thread safety; PostgreSQL's DocBook: transaction isolation,
#           libpq connection functions) and SQLite's own generator (WAL, transactions), 156 statements, a tenth round
#           made in session 19 (first run 93/156 with the session-start binary).
#   gen14 — 8 more, three generators new to the sets (Haddock: MVar, IORef, Control.Concurrent; Erlang/OTP erl_docgen:
#           gen_server, supervisor, maps; Racket Scribble: threads, semaphores), 122 statements, an eleventh round made
#           in session 19 (first run 50/122 with the session-start binary, 71/122 with the binary the labels were made with).
#   gen15 — 11 more of the eight generators the check names (CPython threading and signal, std::pin and NonNull, the
#           Cargo Book's resolver chapter, PostgreSQL's "Populating a Database", CompletableFuture, WeakHashMap, ICU
#           uregex.h, git-push, Textual's "Workers"), 192 statements, a twelfth round made in session 20 (first run
#           106/192 with the session-start binary).
#   gen16 — 10 more of the eight generators (CPython asyncio tasks and sqlite3, mem::forget, process::exit, the Cargo
#           Book's overriding chapter, PostgreSQL's routine vacuuming, Cleaner, ICU unorm2.h, git-filter-branch,
#           FastAPI's lifespan events), 153 statements, a thirteenth round made in session 20 after its changes (first
#           run 93/153, the same with the session-start binary).
# Statements were labelled in the style of ../shared/bench/rules-dev/gold.json by reading the pages
# only, never the tool's output (Benchmarks/rules-*/README.md). Scored with the rules-dev scorer.
#
#   Benchmarks/rules-labelled.sh extra|gen|gen2|gen3|gen4|gen5|gen6|gen7|gen8|gen9|gen10|gen11|gen12|gen13|gen14|gen15|gen16 [OUT_DIR] [-- extra compile flags]
set -euo pipefail
cd "$(dirname "$0")/.."
set_name=${1:?usage: rules-labelled.sh extra|gen|gen2|gen3|gen4|gen5|gen6|gen7|gen8|gen9|gen10|gen11|gen12|gen13|gen14|gen15|gen16 [OUT_DIR] [-- compile flags]}; shift
src=Benchmarks/rules-$set_name
[ -f "$src/gold.json" ] || { echo "no labelled set $src" >&2; exit 2; }
out=${1:-.build/bench-rules-$set_name}
shift $(( $# > 0 ? 1 : 0 )) || true
[ "${1:-}" = "--" ] && shift
bench=.build/rules-$set_name
rm -rf "$bench"; mkdir -p "$bench/html"
present=()
while IFS=$'\t' read -r id from; do
  case "$from" in
    /*) if [ -f "$from" ]; then cp "$from" "$bench/html/$id.html"; present+=("$id"); else echo "left out $id: $from is not installed" >&2; fi ;;
    *.gz) gzip -dc "$src/$from" > "$bench/html/$id.html"; present+=("$id") ;;
    *)  gzip -dc "../shared/bench/wcxb-docs-dev/html/$from.html.gz" > "$bench/html/$id.html"; present+=("$id") ;;
  esac
done < "$src/pages.tsv"
python3 - "$src/gold.json" "$bench/gold.json" "${present[@]}" <<'PY'
import json, sys
gold = json.load(open(sys.argv[1])); keep = set(sys.argv[3:])
json.dump([p for p in gold if p["id"] in keep], open(sys.argv[2], "w"), indent=1)
PY
HOLDOUT="" Benchmarks/rules-quality.sh "$bench" "$out" -- "$@"
