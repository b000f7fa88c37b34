# Sourced by the benchmark scripts: starts `./lineage up` on free ports with its data under "$work/data", waits for
# its `ready:` line and sets pid, ready, kafka (bootstrap servers) and http (API base URL). Needs ROOT and work.
start_lineage_up() {
  "$ROOT/lineage" up --data-dir "$work/data" --kafka-port 0 --http-port 0 "$@" >"$work/up.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    grep -q '^ready:' "$work/up.log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/up.log" >&2; exit 1; }
    sleep 0.5
  done
  ready="$(grep '^ready:' "$work/up.log")" || { cat "$work/up.log" >&2; exit 1; }
  kafka="$(echo "$ready" | sed -E 's/.*kafka=([^ ]+).*/\1/')"
  http="$(echo "$ready" | sed -E 's/.*http=([^ ]+).*/\1/')"
}
