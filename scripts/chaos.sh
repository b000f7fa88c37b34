#!/usr/bin/env bash
# A chaos run on the production shape (scripts/cluster.sh): a steady load of signed events and deletion requests
# while the leader of lineage.deletion-requests' partition 0, one lineage-streams and one impact-service instance are
# SIGKILLed in turn at random moments and restarted after a pause; then an independent check (ChaosCheck: topics read
# read_committed, stores over HTTP, graph-store digest against a clean replay into a fresh application id).
#
#   scripts/chaos.sh --minutes N [--seed S] [--kills K] [--dir DIR] [--port-offset P] [--report FILE] [--keep]
#
# K defaults to one kill per 70 s of load, at least 3 (one of each). DIR (default ./.lineage-cluster-chaos) is wiped
# first; --keep leaves the cluster running afterwards. The report (markdown, default DIR/chaos-report.md) has the
# command, the machine, each kill and the figures. Exits non-zero if any check fails or a process does not come back.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
minutes=2; seed=1; kills=""; DIR="$ROOT/.lineage-cluster-chaos"; report=""; keep=0
args="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --kills) kills="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    --port-offset) PORT_OFFSET="$2"; shift 2 ;;
    --report) report="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "chaos: unknown option $1" >&2; exit 2 ;;
  esac
done
seconds=$((minutes * 60))
[ -n "$kills" ] || kills=$(( seconds / 70 > 3 ? seconds / 70 : 3 ))
rm -rf "$DIR"; mkdir -p "$DIR"; DIR="$(cd "$DIR" && pwd)"
[ -n "$report" ] || report="$DIR/chaos-report.md"
RANDOM=$seed
# shellcheck source=lib/cluster.sh
source "$ROOT/scripts/lib/cluster.sh"
say() { echo "[chaos $(date -u +%T)] $*" >&2; }

load_pid=""
cleanup() {
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  if [ "$keep" = 0 ]; then stop_process replay TERM; cluster_down; fi
}
trap cleanup EXIT

if [ -z "${CHAOS_SKIP_BUILD:-}" ]; then   # CHAOS_SKIP_BUILD=1: use what launcher/ and benchmarks/target hold
  say "building (launcher, benchmarks)"
  (cd "$ROOT" && mvn -B -q -DskipTests package -pl launcher,benchmarks -am ${CHAOS_MVN_OPTS:-})
  touch "$ROOT/launcher/target/classpath.txt"   # built just now: ./lineage need not build again
fi
CP="$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u +%FT%TZ)"

export CLUSTER_BUILT=1
say "cluster up in $DIR"
cluster_up
cluster_status >&2 || true   # a health call slower than 5 s under load is not a failure here

say "load for $seconds s, $kills kills"
java -Xmx256m -cp "$CP" dev.lineage.bench.chaos.ChaosLoad --bootstrap-servers "$(bootstrap_servers)" \
  --streams-http "$(streams_http)" --root-key "$DIR/keys/root.key" --out "$DIR/load" --seconds $((seconds * 3)) \
  --stop-file "$DIR/load/stop" --seed "$seed" >"$DIR/logs/load.log" 2>&1 &
load_pid=$!
until grep -q 'seed appended' "$DIR/logs/load.log" 2>/dev/null; do
  kill -0 "$load_pid" 2>/dev/null || { cat "$DIR/logs/load.log" >&2; exit 1; }
  sleep 1
done
load_started=$(date +%s)

# The broker leading partition 0 of the deletion requests (what impact-service reads), from the cluster's metadata.
leader_broker() {
  kcat -b "$(bootstrap_servers)" -L -t lineage.deletion-requests 2>/dev/null \
    | sed -n 's/.*partition 0, leader \([0-9]*\),.*/\1/p' | head -1
}

kill_rows=()
restart_failed=0
slot=$((seconds / kills))
targets=(broker streams impact)
for ((k = 0; k < kills; k++)); do
  slot_start=$((load_started + k * slot))
  at=$((slot_start + RANDOM % (slot / 3 + 1)))
  while [ "$(date +%s)" -lt "$at" ]; do sleep 1; done
  case "${targets[$((k % 3))]}" in
    broker) leader="$(leader_broker)"; victim="kafka-${leader:-$((RANDOM % 3 + 1))}"; why="leader of lineage.deletion-requests/0" ;;
    streams) victim="lineage-streams-$((RANDOM % 2 + 1))"; why="lineage-streams instance" ;;
    impact) victim="impact-service-$((RANDOM % 2 + 1))"; why="impact-service instance" ;;
  esac
  pause=$((5 + RANDOM % 11))
  t_kill=$(date +%s)
  say "kill -9 $victim ($why, pid $(pid_of "$victim")); restart in $pause s"
  stop_process "$victim" KILL
  sleep "$pause"
  start_process "$victim"
  if await_answers 300 "$victim"; then
    back=$(($(date +%s) - t_kill))
  else
    back="did not come back"; restart_failed=1
  fi
  say "$victim answers again $back s after the kill"
  kill_rows+=("| $((k + 1)) | $(date -u -d "@$t_kill" +%T) (+$((t_kill - load_started)) s) | $victim | $why | $pause s | $back s |")
done

# the load lasts --minutes, and longer if the last restart took longer: every kill happens under load
while [ "$(date +%s)" -lt $((load_started + seconds)) ]; do sleep 1; done
load_seconds=$(($(date +%s) - load_started))
touch "$DIR/load/stop"
say "waiting for the load to end ($load_seconds s)"
wait "$load_pid" || { say "the load failed"; cat "$DIR/logs/load.log" >&2; exit 1; }
load_pid=""

say "clean replay into a fresh application id, and the end check"
echo "$seed-$(date +%s)" >"$DIR/replay.id"
start_process replay
await_answers 300 replay
check_rc=0
java -Xmx512m -cp "$CP" dev.lineage.bench.chaos.ChaosCheck --bootstrap-servers "$(bootstrap_servers)" \
  --streams-http "$(streams_http)" --impact-http "$(impact_http)" --load-dir "$DIR/load" \
  --replay-application-id "chaos-replay-$(cat "$DIR/replay.id")" --timeout PT5M \
  --result "$DIR/load/check.properties" 2>"$DIR/logs/check.err" | tee "$DIR/logs/check.log" >&2 || check_rc=$?
if [ ! -s "$DIR/load/check.properties" ]; then
  check_rc=1
  echo "chaos-check: FAIL: the check itself failed: $(grep -v SLF4J "$DIR/logs/check.err" | head -5)" | tee -a "$DIR/logs/check.log" >&2
fi
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

prop() { [ -r "$2" ] || return 0; sed -n "s/^$(printf '%s' "$1" | sed 's/[.]/\\./g')=//p" "$2" | sed 's/\\\(.\)/\1/g' | head -1; }
P="$DIR/load/probes.properties"; C="$DIR/load/check.properties"
verdict=PASS; { [ "$check_rc" = 0 ] && [ "$restart_failed" = 0 ]; } || verdict=FAIL
{
  echo "### Chaos run $started_at: $verdict"
  echo
  echo "Command: \`scripts/chaos.sh $args\` (seed $seed, $kills kills during $load_seconds s of load)."
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB; load average $load_before before, $load_after after"
  echo "(shared with other builds). Cluster: 3 KRaft nodes (RF 3, min.insync.replicas=2), 2 lineage-streams, 2"
  echo "impact-service (num.standby.replicas=1), load: 10 signed events/s and a deletion request every 2 s."
  echo
  echo "| # | killed at (since load start) | process | why | pause | answers again after kill |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${kill_rows[@]}"
  echo
  echo "| check | figure |"
  echo "|---|---|"
  echo "| events and requests acknowledged / not acknowledged | $(prop accepted "$P") / $(prop failed "$P") |"
  echo "| accepted records missing from their topic (artifacts, runs, requests) | $(prop topic.artifacts.missing "$C"), $(prop topic.runs.missing "$C"), $(prop topic.requests.missing "$C") |"
  echo "| accepted records on their topic more than once | $(prop topic.artifacts.duplicated "$C"), $(prop topic.runs.duplicated "$C"), $(prop topic.requests.duplicated "$C") |"
  echo "| accepted nodes not answered by lineage-streams | $(prop nodes.missing "$C") |"
  echo "| deletion requests by status | $(prop requests.status "$C") |"
  echo "| COMPLETE requests decided without a read-after-write barrier (receipt.foldedBefore) | $(prop requests.withoutBarrier "$C") |"
  echo "| trigger ids committed / more than once / requests without one | $(prop triggers.committed "$C") / $(prop triggers.duplicated "$C") / $(prop requests.withoutTrigger "$C") |"
  echo "| graph stores vs clean replay | $(prop digest.entries "$C") entries; live $(prop digest.live "$C" | cut -c1-16)…, replay $(prop digest.replay "$C" | cut -c1-16)… |"
  for n in lineage-streams-1 lineage-streams-2; do
    echo "| $n: longest stretch of 503 answers / of no 200 (incl. while killed) | $(prop "probe.$n.longest503Ms" "$P") ms / $(prop "probe.$n.longestFailingMs" "$P") ms |"
  done
  echo "| through the failover client (both instances): longest 503 / no answer | $(prop probe.failover.longest503Ms "$P") ms / $(prop probe.failover.longestFailingMs "$P") ms ($(prop probe.failover.ok "$P") of $(prop probe.failover.asked "$P") queries answered) |"
  echo
  echo "Stretches of 503 answers of 1 s or more, each with what the API said (its JSON error's message, digits as N,"
  echo "how many times), as the probes saw them (UTC):"
  echo
  for n in lineage-streams-1 lineage-streams-2 failover; do
    w="$(prop "probe.$n.windows503" "$P")"
    echo "- $n: ${w:-none}"
  done
  echo
  echo "Check output:"
  echo
  echo '```'
  cat "$DIR/logs/check.log"
  echo '```'
} >"$report"
say "report: $report ($verdict)"
[ "$verdict" = PASS ]
