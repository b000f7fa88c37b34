#!/usr/bin/env bash
# Lineage's own figures on one generated graph, in one run:
#   (a) end-to-end ingest of signed events (EOS on) against the raw verify ceiling measured in the same run;
#   (b) the memory the graph costs (GET /v1/stats/memory after a collection);
#   (c) rebuild: the same stack restarted on its broker data with a fresh Streams application id and an empty
#       state directory, timed until it has folded every node and edge again (beside (a)'s ingest time);
#   (d) downstream closure latency over the HTTP API (summary form) beside PostgreSQL WITH RECURSIVE and an
#       in-memory BFS (scripts/bench-closure.sh), against the rebuilt stack.
#
#   scripts/bench-lineage.sh [--nodes N] [--seed S] [--settings FILE] [--ingest-only | --no-closures]
#                            [-- <bench-closure.sh or its run command's options, e.g. --concurrency 1,8,64>]
#
# It starts `./lineage up` on free ports in a temporary data directory, ingests the graph as signed events,
# rebuilds, runs the closure benchmark, then stops it and removes the directory. --ingest-only stops after (b):
# no rebuild, no PostgreSQL, a run short enough to repeat when comparing two commits' ingest; --no-closures stops
# after (c). --settings FILE runs the stack with the apps' settings in FILE (`lineage up --settings`, e.g.
# streams.commit.interval.ms=500), the rebuild too. LINEAGE_JAVA_OPTS reaches the stack's JVM (e.g.
# -XX:StartFlightRecording=settings=profile,filename=DIR/ for a profile per start).
set -euo pipefail

NODES=1000000
SEED=42
INGEST_ONLY=0
NO_CLOSURES=0
SETTINGS=""
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --ingest-only) INGEST_ONLY=1; shift ;;
    --no-closures) NO_CLOSURES=1; shift ;;
    --settings) SETTINGS="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; EXTRA=("$@"); break ;;
    *) echo "bench-lineage: unknown option $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
log() { echo "[bench-lineage] $*" >&2; }
work="$(mktemp -d "${TMPDIR:-/var/tmp}/lineage-bench.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# the graph and the benchmark classes (bench-closure.sh builds and generates; --help-less dry step)
# rebuilt only when a module's sources changed since the last package (a reactor build takes minutes on a busy
# machine, and A/B runs start this script again and again)
if [ ! -d "$ROOT/benchmarks/target/classes" ] || [ ! -d "$ROOT/benchmarks/target/lib" ] \
   || [ -n "$(find "$ROOT" \( -name .git -o -name target -o -name node_modules \) -prune -o \
        \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$ROOT/benchmarks/target/lib" -print -quit)" ]; then
  (cd "$ROOT" && mvn -B -q -pl benchmarks -am package -DskipTests)
  touch "$ROOT/benchmarks/target/lib"
fi
CP="$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*"
GRAPH_DIR="$ROOT/benchmarks/target/closure-graph/nodes-$NODES-seed-$SEED"
if [ ! -s "$GRAPH_DIR/edges.csv" ]; then
  java -Xmx4g -cp "$CP" dev.lineage.bench.ClosureBenchmark generate --nodes "$NODES" --seed "$SEED" --out "$GRAPH_DIR" >&2
fi

log "starting ./lineage up in $work"
# shellcheck source=lib/lineage-up.sh
source "$ROOT/scripts/lib/lineage-up.sh"
touch "$work/settings.properties"
if [ -n "$SETTINGS" ]; then cp "$SETTINGS" "$work/settings.properties"; log "settings: $(tr '\n' ' ' <"$SETTINGS")"; fi
start_lineage_up --settings "$work/settings.properties"
log "$ready"

echo "## Ingest ($NODES-node graph, seed $SEED)"
java -Xmx6g -cp "$CP" dev.lineage.bench.ingest.IngestBenchmark \
  --bootstrap-servers "$kafka" --http "$http" --root-key "$work/data/keys/root.key" \
  --edges-csv "$GRAPH_DIR/edges.csv" --nodes-csv "$GRAPH_DIR/nodes.csv" | tee "$work/ingest.md"

echo
echo "## Memory after ingest"
# GET /v1/stats/memory?gc=true: heap after a collection, the index's arrays, RocksDB over all stores
curl -fsS "$http/v1/stats/memory?gc=true" | python3 -c '
import json, sys
m = json.load(sys.stdin)
e = max(m["indexedEdges"], 1)
rocks = m["rocksdbMemtableBytes"] + m["rocksdbSstBytes"]
print("| nodes | edges | heap MB (after GC, whole process) | heap bytes/edge | index arrays bytes/edge | RocksDB MB (memtables + SST) | RocksDB bytes/edge | RocksDB keys |")
print("|---|---|---|---|---|---|---|---|")
print("| {:,} | {:,} | {:.1f} | {:.1f} | {:.1f} | {:.1f} | {:.1f} | {:,} |".format(
    m["indexedNodes"], m["indexedEdges"], m["heapUsedBytes"] / 1e6, m["heapUsedBytes"] / e,
    m["indexAdjacencyBytes"] / e, rocks / 1e6, rocks / e, m["rocksdbEstimatedKeys"]))
'
echo "state directory on disk: $(du -sb "$work/data/streams" | cut -f1) bytes (memtables not yet flushed are not in it)"
if [ "$INGEST_ONLY" = 1 ]; then exit 0; fi

echo
echo "## Rebuild from the topics"
# What a lost state directory costs: stop the stack, start it again on the same broker data with a fresh
# application id (a new consumer group and new internal topics: every source topic is read from its start) and an
# empty state directory, and time until /v1/stats counts every node and edge of (a) again. impact-service keeps
# its id and state. The transparency log's leaves are appended again; its integrator skips a digest it holds.
stats() { curl -fsS "$http/v1/stats" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["indexedNodes"], s["indexedEdges"])'; }
read -r want_nodes want_edges < <(stats)
kill -TERM "$pid"; wait "$pid" || true; pid=""
{ cat "$work/settings.properties"
  printf '\nlineage.application.id=lineage-streams-rebuild\nlineage.state.dir=%s\n' "$work/data/streams-rebuild"
} >"$work/rebuild.properties"
launched=$(date +%s.%N)
start_lineage_up --settings "$work/rebuild.properties"
up_at=$(date +%s.%N)
log "restarted with a fresh application id: $ready"
have_edges=0; have_nodes=0
deadline=$(( $(date +%s) + 3600 ))
while [ "$have_edges" -lt "$want_edges" ] || [ "$have_nodes" -lt "$want_nodes" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || { log "rebuild: only $have_nodes nodes / $have_edges edges in an hour"; exit 1; }
  sleep 0.2
  read -r have_nodes have_edges < <(stats)
done
done_at=$(date +%s.%N)
python3 - "$launched" "$up_at" "$done_at" "$want_nodes" "$want_edges" "$work/ingest.md" <<'PY'
import sys
launched, up, done, nodes, edges, ingest = sys.argv[1:7]
launched, up, done = float(launched), float(up), float(done)
row = [l for l in open(ingest) if l.startswith("| ") and not l.startswith("| events")][-1].split("|")
events, ingest_s = int(row[1]), float(row[4])
from_ready = done - up
print("| nodes | edges | ingest s (produce+fold) | rebuild s from ready | rebuild s from launch (JVM, broker, restore) | rebuild events/s (from ready) | rebuild ÷ ingest time |")
print("|---|---|---|---|---|---|---|")
print("| {:,} | {:,} | {:.1f} | {:.1f} | {:.1f} | {:.0f} | {:.2f} |".format(
    int(nodes), int(edges), ingest_s, from_ready, done - launched, events / from_ready, from_ready / ingest_s))
PY
if [ "$NO_CLOSURES" = 1 ]; then exit 0; fi

echo
echo "## Closures"
# bench-closure.sh's own options (--reps, --report, --pg-setting) go to it; any other option, and all after a second
# `--`, to its `run` command (--concurrency 1,8,64, --targets, ...), so both spellings work
closure_opts=()
run_opts=()
i=0
while [ "$i" -lt "${#EXTRA[@]}" ]; do
  case "${EXTRA[$i]}" in
    --reps|--report|--pg-setting) closure_opts+=("${EXTRA[$i]}" "${EXTRA[$((i + 1))]}"); i=$((i + 2)) ;;
    --) run_opts+=("${EXTRA[@]:$((i + 1))}"); break ;;
    *) run_opts+=("${EXTRA[$i]}"); i=$((i + 1)) ;;
  esac
done
"$ROOT/scripts/bench-closure.sh" --nodes "$NODES" --seed "$SEED" --lineage-url "$http" ${closure_opts[@]+"${closure_opts[@]}"} \
  -- ${run_opts[@]+"${run_opts[@]}"}
