#!/usr/bin/env bash
# Producer benchmarks for docs/benchmarks.md: DSSE sign/verify rates on one thread (P-256, Ed25519) and
# SHA-256 throughput of `lineage hash` against coreutils sha256sum on the same 1 GiB file (created in a
# temporary directory, deleted after). Prints the machine first, so a run can be pasted as it is.
#   scripts/bench-producer.sh [--seconds S] [--gib N] [--runs R] [--dir DIR]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The benchmark is test code (never in the library): compile main and test classes, no tests run, and
# write the producer's test classpath (relative outputFile: each reactor module writes its own).
mvn -B -q -pl producer -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2

echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cpu:     $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory:  $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
echo "java:    $(java -version 2>&1 | head -n 1)"
echo "coreutils: $(sha256sum --version | head -n 1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

java -cp "producer/target/test-classes:producer/target/classes:$(cat producer/target/bench-classpath.txt)" \
  dev.lineage.benchmark.ProducerBenchmark "$@"

echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
