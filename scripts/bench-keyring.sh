#!/usr/bin/env bash
# Keyring stuffing against real work, on one thread, in CPU time (docs/benchmarks.md, issue 10):
#   (a) admitting 10,000 junk grants (well-formed, each self-signed by a fresh key; some with a keyid naming the
#       root or the granted producer) into a key log holding a root-granted PRODUCER key, then verifying 1,000
#       events signed by unknown keys, against
#   (b) verifying 2,000 valid ArtifactRegistered events signed by that producer (P-256), each a distinct envelope.
# Prints the machine, both CPU times, their ratio; exits 1 when (a) does not cost less than (b).
#
#   scripts/bench-keyring.sh [--junk-grants N] [--naming-root N] [--naming-producer N]
#                            [--unknown-key-events N] [--valid-events N] [--warmup-passes N] [--passes N]
#
# Every record is signed before the clock runs; no broker, no Kafka Streams: the apps' own admission rule
# (KeyLog → KeyAdmission) and EventVerifier, called directly.
set -euo pipefail

case "${1:-}" in -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
(cd "$ROOT" && mvn -B -q -pl benchmarks -am package -DskipTests) >&2
CP="$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*"

echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cpu:     $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "java:    $(java -version 2>&1 | head -n 1)"
echo "command: scripts/bench-keyring.sh${*:+ $*}"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
RC=0
java -Xms1g -Xmx1g -cp "$CP" dev.lineage.bench.keyring.KeyringBenchmark "$@" || RC=$?
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$RC"
