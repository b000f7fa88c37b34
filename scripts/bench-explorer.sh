#!/usr/bin/env bash
# The explorer on a large generated graph, measured in the browser: how long until the page opened on a node
# whose downstream closure is ~100,000 nodes shows its summary and first layers and answers clicks.
#
#   scripts/bench-explorer.sh [--nodes N] [--seed S] [--target T] [--starts K] [--loads L] [--dir both|downstream]
#
# Defaults: the 1,000,000-node graph of the closure benchmark (seed 42), 3 starts whose closure is within 20% of
# 100,000 nodes (chosen as the closure benchmark chooses them), 5 loads each (1 cold, 4 warm), the default view
# (both directions). It starts `./lineage up` on free ports in a temporary data directory, ingests the graph as
# signed events (IngestBenchmark, as scripts/bench-lineage.sh does), then runs
# lineage-streams/explorer/e2e/bench-page-load.mjs in Debian's Chromium and prints its table; screenshots go to
# benchmarks/target/explorer-bench/. Stops the stack and removes the directory at the end.
set -euo pipefail

NODES=1000000
SEED=42
TARGET=100000
STARTS=3
LOADS=5
DIR=both
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --target) TARGET="$2"; shift 2 ;;
    --starts) STARTS="$2"; shift 2 ;;
    --loads) LOADS="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-explorer: unknown option $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
log() { echo "[bench-explorer] $*" >&2; }
work="$(mktemp -d "${TMPDIR:-/var/tmp}/lineage-explorer-bench.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# the benchmark classes, and lineage-streams with the explorer (its npm ci brings playwright-core)
(cd "$ROOT" && mvn -B -q -pl benchmarks -am package -DskipTests)
CP="$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*"
GRAPH_DIR="$ROOT/benchmarks/target/closure-graph/nodes-$NODES-seed-$SEED"
if [ ! -s "$GRAPH_DIR/edges.csv" ]; then
  java -Xmx4g -cp "$CP" dev.lineage.bench.ClosureBenchmark generate --nodes "$NODES" --seed "$SEED" --out "$GRAPH_DIR" >&2
fi
mapfile -t chosen < <(java -Xmx4g -cp "$CP" dev.lineage.bench.explorer.ExplorerStarts \
  --nodes-csv "$GRAPH_DIR/nodes.csv" --edges-csv "$GRAPH_DIR/edges.csv" --target "$TARGET" --count "$STARTS")
log "starts (id, kind, downstream closure): ${chosen[*]}"

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
echo "## Explorer page loads ($LOADS per start, view: $DIR)"
ids=()
for line in "${chosen[@]}"; do ids+=("${line%% *}"); done
node "$ROOT/lineage-streams/explorer/e2e/bench-page-load.mjs" --base "$http" --loads "$LOADS" --dir "$DIR" \
  --out "$ROOT/benchmarks/target/explorer-bench" "${ids[@]}"
