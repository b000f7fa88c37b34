#!/usr/bin/env bash
# Lineage's own figures on one generated graph, in one run:
#   (a) end-to-end ingest of signed events (EOS on) against the raw verify ceiling measured in the same run;
#   (b) downstream closure latency over the HTTP API (summary form) beside PostgreSQL WITH RECURSIVE and an
#       in-memory BFS (scripts/bench-closure.sh).
#
#   scripts/bench-lineage.sh [--nodes N] [--seed S] [--ingest-only] [-- <bench-closure.sh options>]
#
# It starts `./lineage up` on free ports in a temporary data directory, ingests the graph as signed events,
# runs the closure benchmark against it, then stops it and removes the directory. --ingest-only stops after (a):
# no PostgreSQL, and a run short enough to repeat when comparing two commits' ingest.
set -euo pipefail

NODES=1000000
SEED=42
INGEST_ONLY=0
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --ingest-only) INGEST_ONLY=1; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
(cd "$ROOT" && mvn -B -q -pl benchmarks -am package -DskipTests)
touch "$ROOT/benchmarks/target/lib"
CP="$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*"
GRAPH_DIR="$ROOT/benchmarks/target/closure-graph/nodes-$NODES-seed-$SEED"
if [ ! -s "$GRAPH_DIR/edges.csv" ]; then
  java -Xmx4g -cp "$CP" dev.lineage.bench.ClosureBenchmark generate --nodes "$NODES" --seed "$SEED" --out "$GRAPH_DIR" >&2
fi

log "starting ./lineage up in $work"
# shellcheck source=lib/lineage-up.sh
source "$ROOT/scripts/lib/lineage-up.sh"
start_lineage_up
log "$ready"

echo "## Ingest ($NODES-node graph, seed $SEED)"
java -Xmx6g -cp "$CP" dev.lineage.bench.ingest.IngestBenchmark \
  --bootstrap-servers "$kafka" --http "$http" --root-key "$work/data/keys/root.key" \
  --edges-csv "$GRAPH_DIR/edges.csv" --nodes-csv "$GRAPH_DIR/nodes.csv"

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
echo "## Closures"
"$ROOT/scripts/bench-closure.sh" --nodes "$NODES" --seed "$SEED" --lineage-url "$http" "${EXTRA[@]}"
