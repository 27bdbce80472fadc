#!/usr/bin/env bash
# Benchmark: build a generated corpus into a fresh store, re-build it
# unchanged, time each canned query and each view of the explorer (a
# `claimgraph serve` on a free loopback port, stopped at the end), and (if
# `oxigraph` is on PATH) compare with Oxigraph's own bulk loader on the same
# quads.
#
#   scripts/bench.sh [ARTICLES] [WORKDIR]      (default 1000 articles, /tmp/cg-bench)
#
# Environment: RUNS (runs per query, default 5; 0 skips the queries), QUERY_TIMEOUT (seconds a
# query run may take before it is reported as timed out, default 600).
#
# Prints one line per figure; docs/PERFORMANCE.md records the results.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
work=${2:-/tmp/cg-bench}
# CLAIMGRAPH_BIN: a built binary (tests pass theirs); else build one.
bin=${CLAIMGRAPH_BIN:-target/release/claimgraph}
[ -n "${CLAIMGRAPH_BIN:-}" ] || cargo build --release --quiet
rm -rf "$work" && mkdir -p "$work"
corpus="$work/corpus.jsonl"
"$bin" generate --articles "$n" --seed 1 -o "$corpus"
words=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].split()) for l in open(sys.argv[1])))" "$corpus")

measure() { # label, command...: wall seconds and peak RSS (MiB) via GNU time
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err"; exit 1; }
  read -r secs kb < "$work/time"
  echo "$label: ${secs} s, peak RSS $((kb / 1024)) MiB"
  echo "$secs"  > "$work/last"
}

measure "build $n articles (fresh store)" "$bin" build --store "$work/store" "$corpus"
build_secs=$(cat "$work/last")
quads=$("$bin" query --store "$work/store" --format csv 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' | tail -1 | tr -d '\r')
python3 - "$n" "$words" "$quads" "$build_secs" <<'PY'
import sys
n, words, quads, secs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
secs = max(secs, 0.01)
print(f"throughput: {n/secs:.0f} articles/s, {words/secs:.0f} words/s, {quads/secs:.0f} quads/s ({quads} quads, {words} words)")
print(f"quads per article: {quads/max(n, 1):.0f}")
PY
# The first re-build runs while RocksDB compacts the files the build
# ingested (as it would after `oxigraph load`); the second finds them
# compacted.
measure "re-build unchanged (RocksDB compacting the build's files)" "$bin" build --store "$work/store" "$corpus"
rebuild_secs=$(cat "$work/last")
python3 -c "import sys; print(f're-build / build: {float(sys.argv[1])/max(float(sys.argv[2]),0.01):.1%}')" "$rebuild_secs" "$build_secs"
measure "re-build unchanged, again (compacted)" "$bin" build --store "$work/store" "$corpus"
python3 -c "import sys; print(f're-build again / build: {float(sys.argv[1])/max(float(sys.argv[2]),0.01):.1%}')" "$(cat "$work/last")" "$build_secs"

"$bin" export --store "$work/store" --format nquads -o "$work/all.nq"
if command -v oxigraph >/dev/null 2>&1; then
  measure "oxigraph load (bulk loader, same quads)" oxigraph load --location "$work/oxstore" --file "$work/all.nq"
  python3 -c "import sys; print(f'claimgraph build / oxigraph load: {float(sys.argv[1])/max(float(sys.argv[2]),0.01):.2f}x')" "$build_secs" "$(cat "$work/last")"
else
  echo "oxigraph load: skipped (install with: cargo install oxigraph-cli)"
fi

measure "optimize (full compaction, once after a large build)" "$bin" optimize --store "$work/store"

runs=${RUNS:-5}
limit=${QUERY_TIMEOUT:-600}
[ "$runs" -gt 0 ] || exit 0

# The explorer's views, asked of a server that already runs.
port=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$bin" serve --store "$work/store" --bind "127.0.0.1:$port" 2>"$work/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
python3 - "$port" <<'PY'
import socket, sys, time
for _ in range(600):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
        break
    except OSError:
        time.sleep(0.1)
PY
article=$("$bin" query --store "$work/store" --format tsv --timeout 60 'SELECT ?id WHERE { ?a cg:articleId ?id } LIMIT 1' 2>/dev/null | tail -1 | tr -d '"' || true)
python3 scripts/views.py "http://127.0.0.1:$port" "$article" "$runs"
kill "$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
trap - EXIT
for q in examples/queries/*.rq; do
  times=()
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    if ! timeout "$limit" "$bin" query --store "$work/store" --format csv --file "$q" > "$work/rows"; then
      echo "query $(basename "$q"): timed out after $limit s (or failed)"
      continue 2
    fi
    end=$(date +%s.%N)
    times+=("$(python3 -c "print(($end - $start) * 1000)")")
  done
  rows=$(python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=''))) - 1)" "$work/rows")
  python3 -c "import statistics,sys; print(f'query {sys.argv[1]}: median {statistics.median(map(float, sys.argv[4:])):.0f} ms ({sys.argv[2]} runs, process start included), {sys.argv[3]} rows')" "$(basename "$q")" "$runs" "$rows" "${times[@]}"
done
