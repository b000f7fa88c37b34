#!/usr/bin/env bash
# Downstream closure latency: PostgreSQL WITH RECURSIVE vs Lineage's HTTP API vs an in-memory BFS,
# on a generated lineage graph (or any `from,to` edge list). Prints a markdown report.
#
#   scripts/bench-closure.sh [--nodes N] [--seed S] [--edges-csv FILE [--nodes-csv FILE]]
#                            [--lineage-url URL] [--reps R] [--report FILE]
#                            [--pg-setting KEY=VALUE]... [-- <more run options>]
#
# It builds the benchmarks module when needed, generates the graph (cached under
# benchmarks/target/closure-graph/), starts a private PostgreSQL cluster in a temporary directory on
# a free port (installing the Debian package `postgresql` first if no server is installed and we
# are root), loads the graph, times the closures, prints the report, then stops the cluster and
# deletes it. --pg-setting adds a line to the cluster's postgresql.conf (e.g. --pg-setting jit=on to
# measure with PostgreSQL's JIT, which is off by default here). Options after `--` go to the `run`
# command as they are (see `--help` there), e.g. `-- --targets 10,1000 --per-class 3`.
set -euo pipefail

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }

ORIG_ARGS="$*"
NODES=1000000
SEED=42
EDGES_CSV=""
NODES_CSV=""
LINEAGE_URL=""
REPS=20
REPORT=""
PG_SETTINGS=()
RUN_EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --edges-csv) EDGES_CSV="$2"; shift 2 ;;
    --nodes-csv) NODES_CSV="$2"; shift 2 ;;
    --lineage-url) LINEAGE_URL="$2"; shift 2 ;;
    --reps) REPS="$2"; shift 2 ;;
    --report) REPORT="$2"; shift 2 ;;
    --pg-setting) PG_SETTINGS+=("$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; RUN_EXTRA=("$@"); break ;;
    *) echo "bench-closure: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

log() { echo "[bench-closure] $*" >&2; }
die() { echo "[bench-closure] $*" >&2; exit 1; }

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODULE="$ROOT/benchmarks"
JAVA_OPTS=(-Xms2g -Xmx4g)

# --- build (only when sources changed since the last package) ------------------------------------
if [ ! -d "$MODULE/target/classes" ] || [ ! -d "$MODULE/target/lib" ] \
   || [ -n "$(find "$MODULE/src/main" "$MODULE/pom.xml" -newer "$MODULE/target/lib" -print -quit)" ]; then
  log "building the benchmarks module"
  (cd "$ROOT" && mvn -B -q -pl benchmarks -am package -DskipTests)
  touch "$MODULE/target/lib"
fi
CP="$MODULE/target/classes:$MODULE/target/lib/*"
bench() { java "${JAVA_OPTS[@]}" -cp "$CP" dev.lineage.bench.ClosureBenchmark "$@"; }

# --- graph -----------------------------------------------------------------------------------------
if [ -z "$EDGES_CSV" ]; then
  GRAPH_DIR="$MODULE/target/closure-graph/nodes-$NODES-seed-$SEED"
  # deterministic for (nodes, seed), so a graph is regenerated only when the generator changed
  if [ ! -s "$GRAPH_DIR/edges.csv" ] \
     || [ -n "$(find "$MODULE/target/classes" -newer "$GRAPH_DIR/edges.csv" -print -quit)" ]; then
    log "generating $NODES nodes (seed $SEED) into $GRAPH_DIR"
    bench generate --nodes "$NODES" --seed "$SEED" --out "$GRAPH_DIR" >&2
  fi
  EDGES_CSV="$GRAPH_DIR/edges.csv"
  NODES_CSV="$GRAPH_DIR/nodes.csv"
fi
[ -r "$EDGES_CSV" ] || die "cannot read $EDGES_CSV"

# --- PostgreSQL: a private cluster, removed on exit --------------------------------------------------
pg_bin() {
  local v
  for v in 15 $(ls /usr/lib/postgresql 2>/dev/null | sort -rn); do
    if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then echo "/usr/lib/postgresql/$v/bin"; return 0; fi
  done
  return 1
}
PGBIN="$(pg_bin || true)"
if [ -z "$PGBIN" ]; then
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
    || die "no PostgreSQL server found; install the Debian package 'postgresql' (as root)"
  log "installing PostgreSQL (apt-get install -y postgresql)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 \
    || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; }
  PGBIN="$(pg_bin)" || die "PostgreSQL installed but no initdb found under /usr/lib/postgresql"
fi
[[ "$PGBIN" == */15/bin ]] || log "warning: PostgreSQL 15 not found, using $PGBIN"

# the server refuses to run as root: as root, run it as the package's `postgres` user
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

PGTMP="$(mktemp -d "${TMPDIR:-/tmp}/bench-closure-pg.XXXXXX")"
PGDATA="$PGTMP/data"
BENCH_PID=""
cleanup() {
  local rc=$?
  if [ -n "$BENCH_PID" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
    kill "$BENCH_PID" 2>/dev/null || true
    wait "$BENCH_PID" 2>/dev/null || true
  fi
  if [ -f "$PGDATA/postmaster.pid" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null 2>&1 \
      || log "pg_ctl stop failed; see $PGTMP/server.log"
  fi
  rm -rf "$PGTMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PGTMP"

PORT=""
for p in $(seq 55432 55531); do
  # a refused connection means nobody listens there
  # and no socket uses it as its local port (a client's ephemeral port blocks a bind too)
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null \
     && { ! command -v ss >/dev/null || [ -z "$(ss -Htan "( sport = :$p )" 2>/dev/null)" ]; }; then
    PORT="$p"; break
  fi
done
[ -n "$PORT" ] || die "no free port in 55432-55531"

log "initdb in $PGDATA (port $PORT)"
as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
# Memory so the whole table and its indexes stay cached; durability off only speeds up the load
# (the timed queries write nothing). Collation C: ids are ASCII, compared bytewise. JIT off: the
# planner's cost estimate of a recursive closure is in the millions, far above jit_above_cost, so
# with the default every query, however small, pays several milliseconds of LLVM compilation.
cat >> "$PGDATA/postgresql.conf" <<EOF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGTMP'
shared_buffers = 2GB
effective_cache_size = 4GB
work_mem = 64MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
fsync = off
synchronous_commit = off
full_page_writes = off
jit = off
EOF
for setting in "${PG_SETTINGS[@]}"; do
  [[ "$setting" == *=* ]] || die "--pg-setting wants KEY=VALUE, got $setting"
  echo "${setting%%=*} = '${setting#*=}'" >> "$PGDATA/postgresql.conf"
done
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGTMP/server.log" -w -t 60 start >/dev/null \
  || { cat "$PGTMP/server.log" >&2; die "PostgreSQL did not start"; }
log "$("$PGBIN/postgres" --version) listening on 127.0.0.1:$PORT"

# --- run -----------------------------------------------------------------------------------------
RUN_ARGS=(run --edges-csv "$EDGES_CSV" --reps "$REPS"
          --jdbc-url "jdbc:postgresql://127.0.0.1:$PORT/postgres?user=postgres")
[ -n "$NODES_CSV" ] && RUN_ARGS+=(--nodes-csv "$NODES_CSV")
[ -n "$LINEAGE_URL" ] && RUN_ARGS+=(--lineage-url "$LINEAGE_URL")
RUN_ARGS+=("${RUN_EXTRA[@]}")

{
  echo "# Closure benchmark"
  echo
  echo "- command: \`scripts/bench-closure.sh${ORIG_ARGS:+ $ORIG_ARGS}\` → \`run ${RUN_ARGS[*]:1}\`"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
       "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM;"\
       "$(java -version 2>&1 | head -1)"
  echo "- load average when the run started: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shows here)"
  echo "- PostgreSQL: private cluster (initdb --locale=C), shared_buffers=2GB, work_mem=64MB, jit=off,"\
       "fsync/synchronous_commit/full_page_writes off${PG_SETTINGS[*]:+, then ${PG_SETTINGS[*]}};"\
       "everything else default"
  echo
} > "$PGTMP/report-head.md"
# in the background, so a signal reaches the traps at once rather than after the whole run
bench "${RUN_ARGS[@]}" > "$PGTMP/report-body.md" &
BENCH_PID=$!
RC=0
wait "$BENCH_PID" || RC=$?
BENCH_PID=""
cat "$PGTMP/report-head.md" "$PGTMP/report-body.md" | tee ${REPORT:+"$REPORT"}
exit "$RC"
