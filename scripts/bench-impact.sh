#!/usr/bin/env bash
# Deletion request produced → retraining trigger committed, p50/p99 over N requests on the local stack.
#
#   scripts/bench-impact.sh [--requests N] [--rate R] [--warmup W] [--settings FILE]
#
# Starts `./lineage up` (embedded broker, lineage-streams and impact-service in one JVM) on free ports in a
# temporary data directory, publishes the seed scenario, sends the requests at a steady rate (open loop) and
# times each one's trigger with a read_committed consumer; then stops it and removes the directory. --settings passes
# an apps' settings file to `lineage up` (e.g. impact.warmup=0s, to see the cold start without the start's warm-up).
set -euo pipefail

ARGS=()
UP_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --requests|--rate|--warmup) ARGS+=("$1" "$2"); shift 2 ;;
    --settings) UP_ARGS+=(--settings "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-impact: unknown option $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/lineage-bench.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# -Dexplorer.skip: the driver needs no explorer, and rebuilding it would repackage the lineage-streams jar on every
# run, which makes the launcher's class-data archive (see ./lineage) stale each time
(cd "$ROOT" && mvn -B -q -pl benchmarks -am package -DskipTests -Dexplorer.skip)
CP="$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*"

# shellcheck source=lib/lineage-up.sh
source "$ROOT/scripts/lib/lineage-up.sh"
started=$(date +%s%N)
start_lineage_up ${UP_ARGS[@]+"${UP_ARGS[@]}"}
echo "[bench-impact] $ready (after $(( ($(date +%s%N) - started) / 1000000 )) ms)" >&2

echo "## Deletion request → committed trigger ($(nproc) cores, $(date -u +%F))"
java -cp "$CP" dev.lineage.bench.impact.ImpactLatencyBenchmark \
  --bootstrap-servers "$kafka" --http "$http" --root-key "$work/data/keys/root.key" \
  --work-dir "$work/bench" "${ARGS[@]}"
