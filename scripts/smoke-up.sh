#!/usr/bin/env bash
# Runs the README's `./lineage up --demo` as a user would and checks it from outside with independent clients:
# the demo prints one verified trigger for model_m92 and a COMPLETE report, the orchestrator retrains it and the
# request is FULFILLED with no record key left on disk; kcat (read_committed) sees exactly
# one trigger on the topic; curl reads /v1/health, /v1/requests/<id>, /v1/deployments/<model>, the explorer at /
# and /v1/rejected; kcat lists the topics and round-trips a message, Kafka's own kafka-configs tool shows the topic
# configs; then SIGTERM, a restart (`./lineage up`, no demo) on the same data directory, and the message, the
# trigger and the graph are still there.
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
  ./lineage up "$@" >"$log" 2>&1 &
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
start_up --demo
grep '^ready:' "$log"
grep -q 'kafka=127.0.0.1:9092 http=http://127.0.0.1:8080' "$log" || fail "ready line does not name the default addresses"
for _ in $(seq 1 360); do
  grep -q '^demo: done' "$log" && break
  kill -0 "$pid" 2>/dev/null || fail "lineage up --demo exited before the demo was done"
  sleep 0.5
done
grep -q '^demo: done' "$log" || fail "no 'demo: done' line within 180 s"
sed -n '/^demo: deletion request/,/^demo: done/p' "$log"
[ "$(grep -c '^trigger ' "$log")" = 1 ] || fail "the demo printed $(grep -c '^trigger ' "$log") triggers, expected 1"
grep -q '^  model     model_m92 sha256:' "$log" || fail "the trigger is not for model_m92"
grep -q '^  path      transactions_q1 → run:fraud_signal_extractor_r1 → features_v47 → run:training_j1829 → model_m92$' "$log" \
  || fail "the trigger does not carry the seed path"
grep -q '^report  DELETION gdpr-demo-[0-9]*: COMPLETE, 1 model(s)' "$log" || fail "no COMPLETE report"
request="$(grep -o 'gdpr-demo-[0-9]*' "$log" | head -1)"
model="$(grep -o 'verify-deployment --model sha256:[0-9a-f]*' "$log" | head -1 | awk '{print $3}')"
echo "smoke: the demo printed one verified trigger for model_m92 with its path, and a COMPLETE report"
grep -q "^orchestrate sha256:[0-9a-f]*…  $request  model_m92 sha256:[0-9a-f]*…: RETRAINED" "$log" \
  || fail "the orchestrator did not retrain model_m92"
grep -q "^demo: request $request FULFILLED; its record list erased" "$log" || fail "the request was not FULFILLED"
grep -q '^demo: snapshot features_v47 sha256:[0-9a-f]* erased from the CAS' "$log" || fail "features_v47 was not erased"
# the demo's record keys (synthetic transaction ids) nowhere in the data directory once the request is fulfilled
grep -rqa -e txn-q1-000417 -e txn-q1-000815 -e txn-q1-002731 .lineage && fail "a record key of $request is on disk"
echo "smoke: the orchestrator retrained model_m92, the request is FULFILLED, no record key on disk"

kcat -b 127.0.0.1:9092 -C -t "${prefix}retraining-triggers" -o beginning -e -q -X isolation.level=read_committed \
  -f '%k\n' >"$work/triggers.txt"
[ "$(wc -l <"$work/triggers.txt")" = 1 ] && grep -qx "$model" "$work/triggers.txt" \
  || fail "kcat (read_committed) sees $(wc -l <"$work/triggers.txt") trigger(s), expected one keyed $model"
echo "smoke: kcat reads exactly one committed trigger, keyed by the model's node id"

code=$(curl -s -o "$work/request.json" -w '%{http_code}' "http://127.0.0.1:8080/v1/requests/$request")
[ "$code" = 200 ] && grep -q '"status":"COMPLETE"' "$work/request.json" || fail "/v1/requests/$request: $code $(cat "$work/request.json")"
code=$(curl -s -o "$work/deploy.json" -w '%{http_code}' "http://127.0.0.1:8080/v1/deployments/$model")
[ "$code" = 200 ] && grep -q '"approved":false' "$work/deploy.json" && grep -q '"supersededBy":"sha256:' "$work/deploy.json" \
  || fail "/v1/deployments/$model: $code $(cat "$work/deploy.json")"
./lineage verify-deployment --model "$model" >/dev/null 2>&1 && fail "the superseded model_m92 was approved"
./lineage verify-deployment --model "sha256:$(printf '0%.0s' $(seq 64))" >/dev/null 2>&1 && fail "an unreviewed digest was approved"
echo "smoke: the request is COMPLETE, the old model_m92 is refused (superseded) and any other digest too"

code=$(curl -s -o "$work/health.json" -w '%{http_code}' http://127.0.0.1:8080/v1/health)
[ "$code" = 200 ] || fail "/v1/health answered $code"
grep -q '"status":"UP"' "$work/health.json" || fail "/v1/health body: $(cat "$work/health.json")"

code=$(curl -s -o "$work/node.json" -w '%{http_code}' http://127.0.0.1:8080/v1/nodes/source:nothing_here)
[ "$code" = 404 ] && grep -q '"reason":"not-found"' "$work/node.json" || fail "unknown node: $code $(cat "$work/node.json")"
code=$(curl -s -o "$work/bad.json" -w '%{http_code}' http://127.0.0.1:8080/v1/nodes/sha256:ABC)
[ "$code" = 400 ] || fail "malformed id answered $code"
echo "smoke: the lineage API answers 404 and 400 with JSON reasons"

kcat -b 127.0.0.1:9092 -L -J >"$work/meta.json"
for t in artifacts runs keys deletion-requests bug-reports approvals retraining-triggers impact-reports obligations openlineage-attested log rejected; do
  grep -q "\"topic\":\"$prefix$t\"" "$work/meta.json" || fail "kcat does not list topic $prefix$t"
done
echo "smoke: kcat lists all 12 topics"

configs() {
  java -cp "$(cat launcher/target/classpath.txt)" kafka.admin.ConfigCommand --bootstrap-server 127.0.0.1:9092 \
    --describe --entity-type topics --entity-name "$1" 2>/dev/null
}
configs "${prefix}runs" | grep -q 'retention.ms=-1' || fail "${prefix}runs is not kept forever"
configs "${prefix}runs" | grep -q 'message.timestamp.type=LogAppendTime' || fail "${prefix}runs does not carry append times"
configs "${prefix}keys" >"$work/keys-configs.txt"
grep -q 'cleanup.policy=delete' "$work/keys-configs.txt" && ! grep -q 'cleanup.policy=[^ ]*compact' "$work/keys-configs.txt" \
  || fail "${prefix}keys is compacted: $(cat "$work/keys-configs.txt")"
grep -q 'retention.ms=-1' "$work/keys-configs.txt" || fail "${prefix}keys is not kept forever"
grep -q 'message.timestamp.type=LogAppendTime' "$work/keys-configs.txt" || fail "${prefix}keys does not carry append times"
configs "${prefix}rejected" | grep -q 'retention.ms=2592000000' || fail "${prefix}rejected is not kept 30 days"
echo "smoke: kafka-configs shows retention forever and append times on runs and keys, keys not compacted, 30 days on rejected"

marker="smoke-$(date +%s%N)"
echo "$marker" | kcat -b 127.0.0.1:9092 -P -t "${prefix}rejected" -k smoke
kcat -b 127.0.0.1:9092 -C -t "${prefix}rejected" -o beginning -e -q | grep -q "$marker" || fail "message did not round-trip"
echo "smoke: kcat round-trips a message"

code=$(curl -s -o "$work/page.html" -w '%{http_code}' http://127.0.0.1:8080/)
[ "$code" = 200 ] && grep -q '<div id="root">' "$work/page.html" || fail "the explorer page at /: $code"
asset="$(grep -o 'assets/index-[A-Za-z0-9_-]*\.js' "$work/page.html" | head -1)"
curl -fsS -o /dev/null "http://127.0.0.1:8080/$asset" || fail "the explorer's script $asset"
curl -fsS "http://127.0.0.1:8080/v1/rejected?limit=5" >"$work/rejected.json" || fail "/v1/rejected failed"
grep -q "$marker" "$work/rejected.json" && fail "/v1/rejected shows a record's value: $(cat "$work/rejected.json")"
grep -q '"valueDigest":"sha256:' "$work/rejected.json" || fail "/v1/rejected lists no record: $(cat "$work/rejected.json")"
echo "smoke: the explorer is served at / (page and script); /v1/rejected lists kcat's record by digest, never its value"

stop_up
echo "smoke: SIGTERM stops cleanly with exit 0"

start_up
kcat -b 127.0.0.1:9092 -C -t "${prefix}rejected" -o beginning -e -q | grep -q "$marker" || fail "message lost across restart"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:8080/v1/nodes/name:model_m92")
[ "$code" = 200 ] || fail "model_m92 unknown after a restart ($code)"
code=$(curl -s -o "$work/request.json" -w '%{http_code}' "http://127.0.0.1:8080/v1/requests/$request")
[ "$code" = 200 ] && grep -q '"status":"COMPLETE"' "$work/request.json" || fail "request status lost across restart"
echo "smoke: the message, the graph and the request status survive a restart on the same data directory"
stop_up
rm -rf .lineage
echo "smoke: OK"
