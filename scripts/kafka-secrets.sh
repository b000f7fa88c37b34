#!/usr/bin/env bash
# Makes the Kafka secrets docker-compose.yml mounts (docs/deployment.md, "Kafka access by role"):
# a random password per Kafka user, the brokers' JAAS file, the SCRAM user list the kafka-users
# service loads, and one client properties file per user for --kafka-config / LINEAGE_KAFKA_CONFIG.
#
# Usage: scripts/kafka-secrets.sh [DIR]     (default: deploy/kafka/secrets, ignored by git)
#
# Files that exist are kept: a password changes on both sides or not at all (to rotate one, delete
# its client file and its line in scram-users.properties, run this again, then `docker compose up
# kafka-users` and restart who uses it). The directory is 0700, so other host users cannot read it;
# the files are 0644 so that the containers' users (uid 1000 in the Kafka image, 10001 in
# Lineage's) can read what is bind-mounted into them. Passwords use [A-Za-z0-9_-] only: they go
# into JAAS strings and SCRAM credential syntax unquoted.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-$root/deploy/kafka/secrets}"

# The super user (brokers among themselves, the controller quorum, the ACL and user set-up) logs in
# with PLAIN from the JAAS file; every other user with SCRAM-SHA-512, created by kafka-users.
readonly admin_user=admin
readonly scram_users=(operator pipeline gdpr engineer approver orchestrator streams impact)

umask 077
mkdir -p "$dir/clients"
chmod 700 "$dir"

password() {
  # 32 bytes of randomness, base64url without padding: 43 characters
  head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'
}

# The password of a user: from its client file when there is one, else new.
password_of() {
  local file="$dir/clients/$1.properties"
  if [[ -f "$file" ]]; then
    sed -nE 's/.*password="([A-Za-z0-9_-]+)".*/\1/p' "$file" | head -n 1
  else
    password
  fi
}

write_new() { # file, content: writes only if missing, 0644
  local file="$1"
  if [[ -e "$file" ]]; then
    echo "kafka-secrets: kept $file"
    return
  fi
  printf '%s' "$2" >"$file"
  chmod 644 "$file"
  echo "kafka-secrets: wrote $file"
}

client_file() { # user, mechanism, login module, password
  printf '%s\n' \
    "# Kafka client settings of User:$1 (--kafka-config / LINEAGE_KAFKA_CONFIG). Secret." \
    "security.protocol=SASL_PLAINTEXT" \
    "sasl.mechanism=$2" \
    "sasl.jaas.config=$3 required username=\"$1\" password=\"$4\";"
}

admin_password="$(password_of "$admin_user")"
write_new "$dir/clients/$admin_user.properties" \
  "$(client_file "$admin_user" PLAIN org.apache.kafka.common.security.plain.PlainLoginModule "$admin_password")
"
write_new "$dir/broker-jaas.conf" "// The brokers' logins (KAFKA_OPTS=-Djava.security.auth.login.config=...). Secret.
// PLAIN: the super user, as which brokers and controllers talk to each other; its only user.
// SCRAM: every other user, with credentials created by the kafka-users service.
KafkaServer {
  org.apache.kafka.common.security.plain.PlainLoginModule required
    username=\"$admin_user\" password=\"$admin_password\" user_$admin_user=\"$admin_password\";
  org.apache.kafka.common.security.scram.ScramLoginModule required;
};
"
users="# user=password of every SCRAM user, read by the kafka-users service. Secret."$'\n'
for user in "${scram_users[@]}"; do
  pw="$(password_of "$user")"
  write_new "$dir/clients/$user.properties" \
    "$(client_file "$user" SCRAM-SHA-512 org.apache.kafka.common.security.scram.ScramLoginModule "$pw")
"
  users+="$user=$pw"$'\n'
done
if [[ -e "$dir/scram-users.properties" ]]; then
  # always rewritten from the client files, so the two cannot disagree
  rm -f "$dir/scram-users.properties"
fi
write_new "$dir/scram-users.properties" "$users"
