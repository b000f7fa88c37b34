#!/usr/bin/env bash
# Heap bytes per edge of lineage-streams' in-memory graph index on the generated graph: the index built
# as the fold builds it (both directions, node kinds), the heap measured after full collections before
# and after. Prints a markdown table.
#
#   scripts/bench-index-memory.sh [--nodes N] [--seed S]
set -euo pipefail
NODES=1000000
SEED=42
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-index-memory: unknown option $1" >&2; exit 2 ;;
  esac
done
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
(cd "$ROOT" && mvn -B -q -pl benchmarks -am package -DskipTests -Dexplorer.skip)
touch "$ROOT/benchmarks/target/lib"
CP="$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*"
GRAPH_DIR="$ROOT/benchmarks/target/closure-graph/nodes-$NODES-seed-$SEED"
if [ ! -s "$GRAPH_DIR/edges.csv" ]; then
  java -Xmx4g -cp "$CP" dev.lineage.bench.ClosureBenchmark generate --nodes "$NODES" --seed "$SEED" --out "$GRAPH_DIR" >&2
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
java -Xms3g -Xmx3g -cp "$CP" dev.lineage.bench.memory.IndexMemoryBenchmark \
  --edges-csv "$GRAPH_DIR/edges.csv" --nodes-csv "$GRAPH_DIR/nodes.csv" 2>/dev/null
