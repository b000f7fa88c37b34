#!/usr/bin/env bash
# Runs the README's `./lineage up` as a user would and checks it from outside with independent clients:
# kcat lists the topics and round-trips a message, Kafka's own kafka-configs tool shows the topic configs,
# curl reads /v1/health; then SIGTERM, a restart on the same data directory, and the message is still there.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="lineage."
work="$(mktemp -d)"
log="$work/up.log"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "smoke: FAIL: $*" >&2; echo "--- lineage up output:" >&2; cat "$log" >&2 || true; exit 1; }

start_up() {
  # Exactly the README's command, with the defaults it documents (data in ./.lineage, Kafka 9092, HTTP 8080).
  ./lineage up >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do
    grep -q '^ready:' "$log" && return 0
    kill -0 "$pid" 2>/dev/null || fail "lineage up exited before it was ready"
    sleep 0.5
  done
  fail "no 'ready:' line within 120 s"
}

stop_up() {
  kill -TERM "$pid"
  local rc=0
  wait "$pid" || rc=$?
  pid=""
  [ "$rc" -eq 0 ] || fail "lineage up exited $rc on SIGTERM, expected 0"
  grep -q '^stopped' "$log" || fail "no 'stopped' line after SIGTERM"
}

rm -rf .lineage
start_up
grep '^ready:' "$log"
grep -q 'kafka=127.0.0.1:9092 http=http://127.0.0.1:8080' "$log" || fail "ready line does not name the default addresses"

code=$(curl -s -o "$work/health.json" -w '%{http_code}' http://127.0.0.1:8080/v1/health)
[ "$code" = 200 ] || fail "/v1/health answered $code"
grep -q '"status":"UP"' "$work/health.json" || fail "/v1/health body: $(cat "$work/health.json")"

code=$(curl -s -o "$work/node.json" -w '%{http_code}' http://127.0.0.1:8080/v1/nodes/source:nothing_here)
[ "$code" = 404 ] && grep -q '"reason":"not-found"' "$work/node.json" || fail "unknown node: $code $(cat "$work/node.json")"
code=$(curl -s -o "$work/bad.json" -w '%{http_code}' http://127.0.0.1:8080/v1/nodes/sha256:ABC)
[ "$code" = 400 ] || fail "malformed id answered $code"
echo "smoke: the lineage API answers 404 and 400 with JSON reasons"

kcat -b 127.0.0.1:9092 -L -J >"$work/meta.json"
for t in artifacts runs keys deletion-requests bug-reports approvals retraining-triggers impact-reports rejected; do
  grep -q "\"topic\":\"$prefix$t\"" "$work/meta.json" || fail "kcat does not list topic $prefix$t"
done
echo "smoke: kcat lists all 9 topics"

configs() {
  java -cp "$(cat launcher/target/classpath.txt)" kafka.admin.ConfigCommand --bootstrap-server 127.0.0.1:9092 \
    --describe --entity-type topics --entity-name "$1" 2>/dev/null
}
configs "${prefix}runs" | grep -q 'retention.ms=-1' || fail "${prefix}runs is not kept forever"
configs "${prefix}keys" | grep -q 'cleanup.policy=compact' || fail "${prefix}keys is not compacted"
configs "${prefix}rejected" | grep -q 'retention.ms=2592000000' || fail "${prefix}rejected is not kept 30 days"
echo "smoke: kafka-configs shows retention forever, compaction on keys, 30 days on rejected"

marker="smoke-$(date +%s%N)"
echo "$marker" | kcat -b 127.0.0.1:9092 -P -t "${prefix}rejected" -k smoke
kcat -b 127.0.0.1:9092 -C -t "${prefix}rejected" -o beginning -e -q | grep -q "$marker" || fail "message did not round-trip"
echo "smoke: kcat round-trips a message"

stop_up
echo "smoke: SIGTERM stops cleanly with exit 0"

start_up
kcat -b 127.0.0.1:9092 -C -t "${prefix}rejected" -o beginning -e -q | grep -q "$marker" || fail "message lost across restart"
echo "smoke: the message survives a restart on the same data directory"
stop_up
rm -rf .lineage
echo "smoke: OK"
