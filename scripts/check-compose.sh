#!/usr/bin/env bash
# CI gate for the deployment files: the compose file must be valid, and every image it or the
# Dockerfile pulls must be pinned as name:tag@sha256:<64 lowercase hex>. A tag alone can be moved
# to other bytes; the digest cannot, and the tag keeps the reference readable.
#
# Usage: scripts/check-compose.sh [COMPOSE_FILE [DOCKERFILE...]]
#   defaults: docker-compose.yml and Dockerfile at the repository root.
# Exit status: 0 all good, 1 a check failed, 2 usage or missing tool.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
compose_file="${1:-$root/docker-compose.yml}"
if [[ $# -gt 1 ]]; then
  dockerfiles=("${@:2}")
else
  dockerfiles=("$root/Dockerfile")
fi

# name[:port]/path:tag@sha256:hex — the tag part may not contain ':' '@' or '/'.
readonly pinned='[^[:space:]@"'"'"']+:[^[:space:]@:/"'"'"']+@sha256:[0-9a-f]{64}'

failures=0
fail() {
  printf 'check-compose: %s\n' "$*" >&2
  failures=$((failures + 1))
}

for f in "$compose_file" "${dockerfiles[@]}"; do
  [[ -r "$f" ]] || { printf 'check-compose: cannot read %s\n' "$f" >&2; exit 2; }
done

if command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  printf 'check-compose: needs docker-compose (Debian: apt-get install docker-compose) or docker compose\n' >&2
  exit 2
fi

# 1. The file parses and validates (no engine needed).
if ! "${compose[@]}" -f "$compose_file" config -q; then
  fail "$compose_file: '${compose[*]} config' rejected the file"
fi

# 2a. Every image: line in the compose source, including ones inside x- fragments and anchors.
while IFS= read -r hit; do
  lineno="${hit%%:*}"
  line="${hit#*:}"
  ref="$(sed -E 's/^[[:space:]]*(-[[:space:]]*)?image:[[:space:]]*//; s/[[:space:]]+#.*$//; s/[[:space:]]*$//' <<<"$line")"
  ref="${ref#[\"\']}"
  ref="${ref%[\"\']}"
  if ! grep -Eq "^${pinned}\$" <<<"$ref"; then
    fail "$compose_file:$lineno: image not pinned as name:tag@sha256:<64 lowercase hex>: $ref"
  fi
done < <(grep -nE '^[[:space:]]*(-[[:space:]]*)?image:' "$compose_file" || true)

# 2b. The same on the rendered configuration, which catches references assembled by variable
#     interpolation, merge keys or extends, where the source line alone says nothing.
if rendered="$("${compose[@]}" -f "$compose_file" config 2>/dev/null)"; then
  while IFS= read -r ref; do
    if ! grep -Eq "^${pinned}\$" <<<"$ref"; then
      fail "$compose_file (rendered): image not pinned: $ref"
    fi
  done < <(sed -nE 's/^[[:space:]]*image:[[:space:]]*//p' <<<"$rendered" | tr -d "\"'")
fi

# 2c. Dockerfiles: every FROM, every COPY --from=<image>, and a '# syntax=' frontend image.
for dockerfile in "${dockerfiles[@]}"; do
  stages=()
  lineno=0
  while IFS= read -r line || [[ -n "$line" ]]; do
    lineno=$((lineno + 1))
    if [[ "$line" =~ ^[[:space:]]*#[[:space:]]*syntax[[:space:]]*=[[:space:]]*([^[:space:]]+) ]]; then
      ref="${BASH_REMATCH[1]}"
      grep -Eq "^${pinned}\$" <<<"$ref" \
        || fail "$dockerfile:$lineno: syntax frontend not pinned by digest: $ref"
      continue
    fi
    shopt -s nocasematch
    if [[ "$line" =~ ^[[:space:]]*FROM[[:space:]]+(--platform=[^[:space:]]+[[:space:]]+)?([^[:space:]]+)([[:space:]]+AS[[:space:]]+([^[:space:]]+))? ]]; then
      ref="${BASH_REMATCH[2]}"
      stage="${BASH_REMATCH[4]}"
      shopt -u nocasematch
      # Building on an earlier stage of the same file is not a pull.
      if ! printf '%s\n' "${stages[@]+"${stages[@]}"}" | grep -Fxqi -- "$ref"; then
        grep -Eq "^${pinned}\$" <<<"$ref" \
          || fail "$dockerfile:$lineno: FROM not pinned as name:tag@sha256:<64 lowercase hex>: $ref"
      fi
      [[ -n "$stage" ]] && stages+=("$stage")
      continue
    fi
    if [[ "$line" =~ ^[[:space:]]*COPY[[:space:]].*--from=([^[:space:]]+) ]]; then
      ref="${BASH_REMATCH[1]}"
      shopt -u nocasematch
      # --from names a stage (or a stage index); anything else is an image pulled at build time.
      if ! [[ "$ref" =~ ^[0-9]+$ ]] \
        && ! printf '%s\n' "${stages[@]+"${stages[@]}"}" | grep -Fxqi -- "$ref"; then
        grep -Eq "^${pinned}\$" <<<"$ref" \
          || fail "$dockerfile:$lineno: COPY --from image not pinned by digest: $ref"
      fi
      continue
    fi
    shopt -u nocasematch
  done <"$dockerfile"
  if ! grep -qiE '^[[:space:]]*FROM[[:space:]]' "$dockerfile"; then
    fail "$dockerfile: no FROM line found"
  fi
done

# 3. The compose file and scripts/cluster.sh (the same shape as processes, what the chaos run uses) agree: three
#    KRaft voters, 3 copies with 2 in sync, the apps started by the same commands with one standby replica,
#    impact-service given both lineage-streams instances. (The embedded broker's 3/2 for three voters is
#    ServerPropertiesTest's.) Only for the repository's own compose file.
cluster_lib="$root/scripts/lib/cluster.sh"
if [[ "$compose_file" -ef "$root/docker-compose.yml" && -r "$cluster_lib" ]]; then
  for want in 'KAFKA_CONTROLLER_QUORUM_VOTERS: "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093"' \
              'KAFKA_DEFAULT_REPLICATION_FACTOR: "3"' 'KAFKA_MIN_INSYNC_REPLICAS: "2"' \
              'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "2"' 'KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE: "false"' \
              'LINEAGE_NUM_STANDBY_REPLICAS: "1"' 'LINEAGE_STREAMS_HTTP: "lineage-streams-1:8080,lineage-streams-2:8080"' \
              'command: [streams, --http-port' 'command: [impact, --http-port'; do
    grep -qF -- "$want" "$compose_file" || fail "$compose_file: lost '$want' (scripts/cluster.sh runs that shape)"
  done
  for want in 'echo streams --bootstrap-servers' 'echo impact --bootstrap-servers' '--standby-replicas 1' \
              '--lineage-http "$(streams_http)"' '--admin-key' '--voters "$(voters)"' \
              'CLUSTER_NAMES=(kafka-1 kafka-2 kafka-3 lineage-streams-1 lineage-streams-2 impact-service-1 impact-service-2)'; do
    grep -qF -- "$want" "$cluster_lib" || fail "$cluster_lib: lost '$want' (docker-compose.yml runs that shape)"
  done
fi

if [[ $failures -gt 0 ]]; then
  printf 'check-compose: %d problem(s)\n' "$failures" >&2
  exit 1
fi
printf 'check-compose: OK (%s; %s)\n' "$compose_file" "${dockerfiles[*]}"
