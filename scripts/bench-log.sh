#!/usr/bin/env bash
# What the transparency log (issue 16) costs and how fast its answers are, in one run:
#   (a) ingest with the log on and off: the same generated graph, the same driver (IngestBenchmark, as
#       bench-lineage.sh runs it), a fresh `./lineage up` per run, off runs with lineage.log.enabled=false;
#       the runs go on,off,off,on,on,off,... so load drift hits both; after each log-on run, how long the log
#       still needed for its checkpoint to cover every event;
#   (b) GET /v1/log/proof latency (p50/p90/p99) over random envelopes of the last log-on stack's log;
#   (c) evidence bundle size, `lineage evidence` time and `lineage verify-evidence` time for a model with an
#       upstream of about --upstream nodes of that graph (LogBenchmark model: one training run reading
#       artifacts of the graph), and for the demo's model_m92 (`lineage up --demo`).
#
#   scripts/bench-log.sh [--nodes N] [--seed S] [--pairs P] [--upstream U] [--proof-calls C] [--verify-runs R]
#
# Defaults: 100,000 nodes, seed 42, 3 pairs, upstream 10,000, 5,000 proof calls, 5 verify runs. Prints the
# machine and the load average before every part. Stacks run in temporary directories, removed at the end.
set -euo pipefail

NODES=100000
SEED=42
PAIRS=3
UPSTREAM=10000
PROOF_CALLS=5000
VERIFY_RUNS=5
INGEST_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --pairs) PAIRS="$2"; shift 2 ;;
    --upstream) UPSTREAM="$2"; shift 2 ;;
    --proof-calls) PROOF_CALLS="$2"; shift 2 ;;
    --verify-runs) VERIFY_RUNS="$2"; shift 2 ;;
    --ingest-only) INGEST_ONLY=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-log: unknown option $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
log() { echo "[bench-log] $*" >&2; }
load() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M:%S) UTC"; }
base="$(mktemp -d "${TMPDIR:-/var/tmp}/lineage-bench-log.XXXXXX")"
pid=""
stop_stack() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  pid=""
}
cleanup() {
  stop_stack
  rm -rf "$base"
}
trap cleanup EXIT

(cd "$ROOT" && mvn -B -q -o -pl benchmarks,launcher -am package -DskipTests -Dexplorer.skip)
touch "$ROOT/benchmarks/target/lib"
CP="$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*"
# the CLI without the ./lineage wrapper's staleness scan, so its time is the command's own
LINEAGE_CP="$ROOT/launcher/target/classes:$(cat "$ROOT/launcher/target/classpath.txt")"
cli() { java -cp "$LINEAGE_CP" dev.lineage.launcher.Main "$@"; }
GRAPH_DIR="$ROOT/benchmarks/target/closure-graph/nodes-$NODES-seed-$SEED"
if [ ! -s "$GRAPH_DIR/edges.csv" ]; then
  java -Xmx4g -cp "$CP" dev.lineage.bench.ClosureBenchmark generate --nodes "$NODES" --seed "$SEED" --out "$GRAPH_DIR" >&2
fi

echo "# Transparency log benchmark"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
  "$(free -m | awk '/Mem:/ {print $2}') MiB, $(java -version 2>&1 | head -1), $(uname -sr)"
echo "commit: $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD || echo ' (modified)')"

# shellcheck source=lib/lineage-up.sh
source "$ROOT/scripts/lib/lineage-up.sh"

now_ms() { date +%s%3N; }
checkpoint_size() { curl -fsS "$http/log/checkpoint" | sed -n 2p; }
# waits until the log's checkpoint covers at least $1 leaves; prints the seconds it took
await_log() {
  local want="$1" start size
  start=$(now_ms)
  for _ in $(seq 1 1200); do
    size="$(checkpoint_size 2>/dev/null || echo 0)"
    [ "${size:-0}" -ge "$want" ] && { awk -v ms=$(( $(now_ms) - start )) 'BEGIN {printf "%.1f\n", ms / 1000}'; return 0; }
    sleep 0.25
  done
  echo "bench-log: the log did not reach $want leaves (at ${size:-?})" >&2
  return 1
}

echo
echo "## (a) Ingest, log on and off ($NODES-node graph, seed $SEED; $PAIRS pairs)"
echo
echo "| run | log | load before (1/5/15 min) | events | produce + fold s | ingest events/s | log caught up s after |"
echo "|---|---|---|---|---|---|---|"
# pairs alternate their order and the last run is a log-on one, whose stack (b) and (c) then use: no stack
# idles beside a measured run
order=()
for p in $(seq 1 "$PAIRS"); do
  if [ $(((PAIRS - p) % 2)) = 0 ]; then order+=(off on); else order+=(on off); fi
done
last_on=$((${#order[@]} - 1))
keep=""
for i in "${!order[@]}"; do
  mode="${order[$i]}"
  work="$base/run-$i"
  mkdir -p "$work"
  before="$(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$mode" = off ]; then
    echo "lineage.log.enabled=false" >"$work/settings.properties"
  else
    : >"$work/settings.properties"
  fi
  start_lineage_up --settings "$work/settings.properties"
  row="$(java -Xmx4g -cp "$CP" dev.lineage.bench.ingest.IngestBenchmark \
    --bootstrap-servers "$kafka" --http "$http" --root-key "$work/data/keys/root.key" \
    --edges-csv "$GRAPH_DIR/edges.csv" --nodes-csv "$GRAPH_DIR/nodes.csv" --ceiling-sample 5000 2>"$work/ingest.err" \
    | tail -1)"
  events="$(echo "$row" | cut -d'|' -f2 | tr -d ' ')"
  total_s="$(echo "$row" | cut -d'|' -f5 | tr -d ' ')"
  rate="$(echo "$row" | cut -d'|' -f6 | tr -d ' ')"
  caught="-"
  if [ "$mode" = on ]; then
    if [ "$mode$(curl -s -o /dev/null -w '%{http_code}' "$http/log/checkpoint")" != on200 ]; then
      echo "bench-log: the log-on stack serves no checkpoint" >&2; exit 1
    fi
    caught="$(await_log "$events")"
  else
    code="$(curl -s -o /dev/null -w '%{http_code}' "$http/log/checkpoint")"
    [ "$code" = 404 ] || { echo "bench-log: the log-off stack answers /log/checkpoint with $code" >&2; exit 1; }
  fi
  echo "| $((i + 1)) | $mode | $before | $events | $total_s | $rate | $caught |"
  if [ "$i" = "$last_on" ]; then
    keep="$work"; keep_pid="$pid"; keep_http="$http"; keep_kafka="$kafka"; pid=""
  else
    stop_stack
  fi
done
pid="$keep_pid"; http="$keep_http"; kafka="$keep_kafka"; work="$keep"
if [ "$INGEST_ONLY" = 1 ]; then echo; echo "at the end: $(load)"; exit 0; fi

echo
echo "## (b) GET /v1/log/proof, one kept-alive connection, random envelopes of that log ($(load))"
echo
java -cp "$CP" dev.lineage.bench.translog.LogBenchmark proofs \
  --bootstrap-servers "$kafka" --http "$http" --calls "$PROOF_CALLS"

vkey() { grep -m1 'transparency log key' "$1" | sed -E 's/.*transparency log key ([^ ]+) .*/\1/'; }
# evidence + verify-evidence for one model of one stack: prints one table row
bundle_row() {
  local label="$1" model="$2" upstream="$3" dir="$4" start took size entries times t
  start=$(now_ms)
  cli evidence --model "$model" --out "$dir/bundle.json" --http "$http" --bootstrap-servers "$kafka" \
    --cas "$dir/data/cas" >"$dir/evidence.out" 2>"$dir/evidence.err"
  took=$(( $(now_ms) - start ))
  if grep -q 'left out' "$dir/evidence.err"; then
    echo "bench-log: evidence left envelopes out:" >&2; cat "$dir/evidence.err" >&2; exit 1
  fi
  size=$(stat -c %s "$dir/bundle.json")
  entries=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["entries"]))' "$dir/bundle.json")
  times=()
  for _ in $(seq 1 "$VERIFY_RUNS"); do
    start=$(now_ms)
    cli verify-evidence "$dir/bundle.json" --log-key "$(vkey "$dir/up.log")" \
      --trust-root "$dir/data/keys/root.pub" >"$dir/verify.out" 2>&1 \
      || { echo "bench-log: verify-evidence failed:" >&2; cat "$dir/verify.out" >&2; exit 1; }
    times+=($(( $(now_ms) - start )))
  done
  t="$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f / %.2f", a[1]/1000, a[int((NR+1)/2)]/1000}')"
  echo "| $label | $upstream | $entries | $(echo "scale=1; $size / 1024" | bc) | $(echo "scale=1; $took / 1000" | bc) | $t |"
}

echo
echo "## (c) Evidence bundles"
echo
echo "JVM start of the CLI alone (\`lineage --version\`, best of 3): $(for _ in 1 2 3; do s=$(now_ms); cli --version >/dev/null; echo $(( $(now_ms) - s )); done | sort -n | head -1) ms"
echo
echo "| model | upstream nodes | bundle entries | bundle KiB | lineage evidence s | verify-evidence s best / median of $VERIFY_RUNS |"
echo "|---|---|---|---|---|---|"
log "building a model with an upstream of about $UPSTREAM nodes ($(load))"
read -r model upstream inputs added < <(java -cp "$CP" dev.lineage.bench.translog.LogBenchmark model \
  --bootstrap-servers "$kafka" --http "$http" --root-key "$work/data/keys/root.key" \
  --nodes-csv "$GRAPH_DIR/nodes.csv" --edges-csv "$GRAPH_DIR/edges.csv" --target "$UPSTREAM")
want=$(( $(checkpoint_size) + added ))
await_log "$want" >/dev/null
log "model $model: $upstream upstream nodes, $inputs inputs; log at $(checkpoint_size) leaves ($(load))"
bundle_row "generated, $inputs training inputs" "$model" "$upstream" "$work"
stop_stack

demo="$base/demo"
mkdir -p "$demo"
work="$demo"
start_lineage_up --demo
for _ in $(seq 1 600); do grep -q '^demo: done' "$work/up.log" && break; sleep 0.5; done
grep -q '^demo: done' "$work/up.log" || { cat "$work/up.log" >&2; exit 1; }
m92="$(grep -m1 -oE 'verify-deployment --model sha256:[0-9a-f]{64}' "$work/up.log" | awk '{print $3}')"
# the checkpoint is taken at an interval: wait until it has stopped growing
prev=-1
for _ in $(seq 1 40); do
  size="$(checkpoint_size)"; [ "$size" = "$prev" ] && break; prev="$size"; sleep 1
done
log "demo up, model_m92 $m92, log at $size leaves ($(load))"
bundle_row "demo model_m92" "$m92" "5" "$demo"
echo
echo "at the end: $(load)"
