# Sourced by scripts/cluster.sh and scripts/chaos.sh: the production shape of docker-compose.yml as plain processes
# on this machine. Needs ROOT (the repository) and DIR (the cluster's data directory); PORT_OFFSET (default 0) moves
# every port. Processes: kafka-1..3 (`lineage broker`), lineage-streams-1..2 (`lineage streams`), impact-service-1..2
# (`lineage impact`). Each has DIR/<name>/ (data), DIR/logs/<name>.log (appended at every start) and
# DIR/pids/<name>.pid.

PORT_OFFSET="${PORT_OFFSET:-0}"
CLUSTER_NAMES=(kafka-1 kafka-2 kafka-3 lineage-streams-1 lineage-streams-2 impact-service-1 impact-service-2)

# The ports of docker-compose.yml's host side: Kafka 29092/39092/49092 (controllers one above), lineage-streams
# 8080/8081, impact-service 8090/8091.
port_of() {
  local base
  case "$1" in
    kafka-1) base=29092 ;; kafka-2) base=39092 ;; kafka-3) base=49092 ;;
    lineage-streams-1) base=8080 ;; lineage-streams-2) base=8081 ;; replay) base=8082 ;;
    impact-service-1) base=8090 ;; impact-service-2) base=8091 ;;
    *) echo "cluster: no process $1" >&2; return 1 ;;
  esac
  echo $((base + PORT_OFFSET))
}
controller_port_of() { echo $(($(port_of "$1") + 1)); }
node_id_of() { echo "${1#kafka-}"; }

bootstrap_servers() { echo "127.0.0.1:$(port_of kafka-1),127.0.0.1:$(port_of kafka-2),127.0.0.1:$(port_of kafka-3)"; }
voters() { echo "1@127.0.0.1:$(controller_port_of kafka-1),2@127.0.0.1:$(controller_port_of kafka-2),3@127.0.0.1:$(controller_port_of kafka-3)"; }
streams_http() { echo "http://127.0.0.1:$(port_of lineage-streams-1),http://127.0.0.1:$(port_of lineage-streams-2)"; }
impact_http() { echo "http://127.0.0.1:$(port_of impact-service-1),http://127.0.0.1:$(port_of impact-service-2)"; }

pid_of() { cat "$DIR/pids/$1.pid" 2>/dev/null || true; }
alive() { local p; p="$(pid_of "$1")"; [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# Whether the process answers: a broker's client port accepts a connection, an app's /v1/health says 200.
answers() {
  local port; port="$(port_of "$1")"
  case "$1" in
    kafka-*) (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null ;;
    *) [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$port/v1/health")" = 200 ] ;;
  esac
}

# One-time bootstrap (what `lineage up` does for itself): the cluster id, the trust root (its private key grants the
# impact-service keys IMPACT_SERVICE and the load's producer keys), the cluster secret shared by the four app
# instances.
cluster_bootstrap() {
  mkdir -p "$DIR/keys" "$DIR/logs" "$DIR/pids"
  [ -s "$DIR/cluster.id" ] || java -cp "$(launcher_cp)" kafka.tools.StorageTool random-uuid >"$DIR/cluster.id"
  [ -s "$DIR/keys/root.key" ] || java -cp "$(launcher_cp)" dev.lineage.launcher.Main keygen --out "$DIR/keys/root" >/dev/null
  if [ ! -s "$DIR/keys/cluster.secret" ]; then
    (umask 077; head -c 32 /dev/urandom >"$DIR/keys/cluster.secret")
  fi
}

launcher_cp() { echo "$ROOT/launcher/target/classes:$(cat "$ROOT/launcher/target/classpath.txt")"; }

# The command line of one process: the same commands and settings as docker-compose.yml's services.
command_of() {
  local name="$1" port; port="$(port_of "$name")"
  case "$name" in
    kafka-*)
      echo broker --node-id "$(node_id_of "$name")" --voters "$(voters)" --cluster-id "$(cat "$DIR/cluster.id")" \
        --dir "$DIR/$name" --kafka-port "$port" ;;
    lineage-streams-*)
      echo streams --bootstrap-servers "$(bootstrap_servers)" --http-port "$port" --bind 127.0.0.1 \
        --advertised-http "127.0.0.1:$port" --trust-root "$DIR/keys/root.pub" --data-dir "$DIR/$name" \
        --standby-replicas 1 --cluster-secret-file "$DIR/keys/cluster.secret" \
        --impact-http "http://127.0.0.1:$(port_of impact-service-1)" ;;
    replay)
      # the clean replay of a chaos run: one more lineage-streams, fresh application id, same topics
      echo streams --application-id "chaos-replay-$(cat "$DIR/replay.id")" --bootstrap-servers "$(bootstrap_servers)" \
        --http-port "$port" --bind 127.0.0.1 --advertised-http "127.0.0.1:$port" --trust-root "$DIR/keys/root.pub" \
        --data-dir "$DIR/replay" --cluster-secret-file "$DIR/keys/cluster.secret" ;;
    impact-service-*)
      echo impact --bootstrap-servers "$(bootstrap_servers)" --http-port "$port" --bind 127.0.0.1 \
        --advertised-http "127.0.0.1:$port" --trust-root "$DIR/keys/root.pub" --data-dir "$DIR/$name" \
        --standby-replicas 1 --cluster-secret-file "$DIR/keys/cluster.secret" \
        --lineage-http "$(streams_http)" --admin-key "$DIR/keys/root.key" ;;
  esac
}

# Starts one process in the background (its own session, so a kill reaches only it) and records its pid.
start_process() {
  local name="$1" heap
  if alive "$name"; then echo "cluster: $name already runs (pid $(pid_of "$name"))" >&2; return 0; fi
  case "$name" in kafka-*) heap="-Xmx512m" ;; *) heap="-Xmx640m" ;; esac
  mkdir -p "$DIR/logs" "$DIR/pids"
  echo "=== $(date -u +%FT%TZ) start: lineage $(command_of "$name")" >>"$DIR/logs/$name.log"
  # shellcheck disable=SC2046
  setsid java $heap -XX:+ExitOnOutOfMemoryError ${LINEAGE_JAVA_OPTS:-} -cp "$(launcher_cp)" dev.lineage.launcher.Main \
    $(command_of "$name") >>"$DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/pids/$name.pid"
  disown $! 2>/dev/null || true   # a later SIGKILL is expected: no "Killed" line from this shell
}

# Waits until every named process answers, or fails naming the first that died or did not answer in time.
# An app instance that exits while starting (it fails fast when the brokers cannot yet answer for its topics,
# as under heavy load) is started again up to CLUSTER_START_RETRIES times (default 3), as a supervisor would;
# a broker that exits is a failure at once.
await_answers() {
  local timeout="$1"; shift
  local deadline=$(($(date +%s) + timeout)) name retries
  for name in "$@"; do
    retries=0
    until answers "$name"; do
      if ! alive "$name"; then
        case "$name" in
          kafka-*) ;;
          *)
            if [ "$retries" -lt "${CLUSTER_START_RETRIES:-3}" ]; then
              retries=$((retries + 1))
              echo "cluster: $name exited while starting; starting it again ($retries of ${CLUSTER_START_RETRIES:-3})" >&2
              tail -3 "$DIR/logs/$name.log" >&2
              rm -f "$DIR/pids/$name.pid"
              start_process "$name"
              continue
            fi ;;
        esac
        echo "cluster: $name exited; see $DIR/logs/$name.log" >&2; tail -20 "$DIR/logs/$name.log" >&2; return 1
      fi
      if [ "$(date +%s)" -ge "$deadline" ]; then echo "cluster: $name did not answer within ${timeout} s" >&2; return 1; fi
      sleep 1
    done
  done
}

# SIGTERM (a clean close) or SIGKILL to one process, waiting until it is gone.
stop_process() {
  local name="$1" signal="${2:-TERM}" p
  p="$(pid_of "$name")"
  [ -n "$p" ] || return 0
  kill "-$signal" "$p" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$p" 2>/dev/null; then kill -KILL "$p" 2>/dev/null || true; sleep 1; fi
  rm -f "$DIR/pids/$name.pid"
}

cluster_up() {
  # builds once if sources changed, before seven JVMs start (chaos.sh has built already)
  [ -n "${CLUSTER_BUILT:-}" ] || (cd "$ROOT" && ./lineage --version >/dev/null)
  cluster_bootstrap
  local n
  for n in kafka-1 kafka-2 kafka-3; do start_process "$n"; done
  await_answers 180 kafka-1 kafka-2 kafka-3
  for n in lineage-streams-1 lineage-streams-2; do start_process "$n"; done
  await_answers 300 lineage-streams-1 lineage-streams-2
  for n in impact-service-1 impact-service-2; do start_process "$n"; done
  await_answers 300 impact-service-1 impact-service-2
}

cluster_down() {
  local i
  for ((i = ${#CLUSTER_NAMES[@]} - 1; i >= 0; i--)); do stop_process "${CLUSTER_NAMES[$i]}" TERM; done
}

cluster_status() {
  local n state bad=0
  for n in "${CLUSTER_NAMES[@]}"; do
    if alive "$n"; then
      if answers "$n"; then state="answers"; else state="runs, does not answer"; bad=1; fi
      printf '%-18s pid %-8s port %-6s %s\n' "$n" "$(pid_of "$n")" "$(port_of "$n")" "$state"
    else
      printf '%-18s %-12s port %-6s %s\n' "$n" "-" "$(port_of "$n")" "not running"; bad=1
    fi
  done
  return $bad
}
