#!/usr/bin/env bash
# The production shape of docker-compose.yml as plain processes on this machine: three Kafka nodes (KRaft, each
# broker and controller, a three-voter quorum, one cluster id; topics with 3 replicas and min.insync.replicas=2),
# two `lineage streams` and two `lineage impact` instances with one standby replica each.
#
#   scripts/cluster.sh up|down|status [--dir DIR] [--port-offset N]
#   scripts/cluster.sh start|stop|kill NAME [--dir DIR] [--port-offset N]
#
# DIR (default ./.lineage-cluster) holds every process's data (DIR/<name>/), its log (DIR/logs/<name>.log), its pid
# (DIR/pids/<name>.pid), the cluster id and the keys (DIR/keys: trust root, cluster secret). Ports are those of
# docker-compose.yml's host side plus N: Kafka 29092/39092/49092 (controller one above each), lineage-streams
# 8080/8081, impact-service 8090/8091. `status` prints each process and whether it answers (broker port / HTTP
# /v1/health) and exits 1 unless all do. NAME is one of kafka-1..3, lineage-streams-1..2, impact-service-1..2.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.lineage-cluster"
action="${1:-}"; shift || true
name=""
case "$action" in start|stop|kill) name="${1:-}"; shift || true ;; esac
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR="$2"; shift 2 ;;
    --port-offset) PORT_OFFSET="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cluster: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
# shellcheck source=lib/cluster.sh
source "$ROOT/scripts/lib/cluster.sh"

case "$action" in
  up)
    cluster_up
    cluster_status
    echo "ready: kafka=$(bootstrap_servers) lineage-streams=$(streams_http) impact-service=$(impact_http) dir=$DIR"
    ;;
  down) cluster_down; echo "stopped" ;;
  status) cluster_status ;;
  start) port_of "$name" >/dev/null; start_process "$name"; await_answers 300 "$name" ;;
  stop) port_of "$name" >/dev/null; stop_process "$name" TERM ;;
  kill) port_of "$name" >/dev/null; stop_process "$name" KILL ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
