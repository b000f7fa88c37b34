#!/usr/bin/env bash
# OpenLineage events/s ingested beside native signed events, on one `./lineage up` stack and one generated graph:
#   (a) the graph as signed events (IngestBenchmark, as scripts/bench-lineage.sh --ingest-only);
#   (b) the same graph's runs as OpenLineage START + COMPLETE events on openlineage.events (the gateway validates,
#       attests, verifies, validates again, maps and folds each).
#
#   scripts/bench-openlineage.sh [--nodes N] [--seed S]
set -euo pipefail

NODES=50000
SEED=42
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-openlineage: unknown option $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
log() { echo "[bench-openlineage] $*" >&2; }
work="$(mktemp -d "${TMPDIR:-/var/tmp}/lineage-olbench.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$ROOT" && mvn -B -q -o -pl benchmarks -am package -DskipTests -Dexplorer.skip)
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

echo "## Native signed events ($NODES-node graph, seed $SEED)"
java -Xmx4g -cp "$CP" dev.lineage.bench.ingest.IngestBenchmark \
  --bootstrap-servers "$kafka" --http "$http" --root-key "$work/data/keys/root.key" \
  --edges-csv "$GRAPH_DIR/edges.csv" --nodes-csv "$GRAPH_DIR/nodes.csv"
echo
echo "## OpenLineage events (the same graph's runs)"
java -Xmx4g -cp "$CP" dev.lineage.bench.openlineage.OpenLineageIngestBenchmark \
  --bootstrap-servers "$kafka" --http "$http" \
  --edges-csv "$GRAPH_DIR/edges.csv" --nodes-csv "$GRAPH_DIR/nodes.csv"
