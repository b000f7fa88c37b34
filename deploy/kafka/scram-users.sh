#!/usr/bin/env bash
# Run by the kafka-users service of docker-compose.yml, inside the Kafka image: creates (or sets the
# password of) every SCRAM-SHA-512 user listed in the user=password file, as the super user. The
# password goes through a file, never a command line. Creating a user that exists changes only its
# password, so this runs at every `docker compose up`.
set -euo pipefail

users="${1:-/run/secrets/kafka-scram-users.properties}"
admin="${2:-/run/secrets/kafka-admin.properties}"
bootstrap="${KAFKA_BOOTSTRAP:-kafka-1:19092,kafka-2:19092,kafka-3:19092}"
# Kafka's own tool; another path (or a wrapper around kafka.admin.ConfigCommand) outside the image
kafka_configs="${KAFKA_CONFIGS:-/opt/kafka/bin/kafka-configs.sh}"

scratch="$(mktemp)"
trap 'rm -f "$scratch"' EXIT
count=0
while IFS='=' read -r user password || [[ -n "$user" ]]; do
  [[ -z "$user" || "$user" == \#* ]] && continue
  # in a file, the value goes without the brackets --add-config needs
  printf 'SCRAM-SHA-512=iterations=8192,password=%s\n' "$password" >"$scratch"
  "$kafka_configs" --bootstrap-server "$bootstrap" --command-config "$admin" \
    --alter --entity-type users --entity-name "$user" --add-config-file "$scratch" </dev/null >/dev/null
  echo "kafka-users: SCRAM-SHA-512 credential of User:$user in place"
  count=$((count + 1))
done <"$users"
echo "kafka-users: $count user(s)"
