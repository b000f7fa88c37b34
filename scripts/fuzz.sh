#!/usr/bin/env bash
# Fuzzes every @FuzzTest of the project with Jazzer, one target after the other, each for the time its
# annotation gives (@FuzzTest maxDuration: 15 s; raise it there for a longer hunt). The seeds of each target (files under
# src/test/resources/<package>/<Class>Inputs/<method>/) also run with the unit tests, in regression mode.
# A finding stops the run: Jazzer writes the crashing input under the module's
# src/test/resources/<package>/<Class>Inputs/<method>/, where it becomes a regression test; fix the code,
# keep the input.
#
#   scripts/fuzz.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -eq 0 ] || { echo "fuzz: takes no arguments (the time per target is each @FuzzTest's maxDuration)" >&2; exit 2; }

# module and test method of every target
TARGETS=(
  "schemas dev.lineage.schemas.EnvelopeDecodingFuzzTest#anyRecordValueDecodesOrIsRefusedWithAReason"
  "producer dev.lineage.id.IdParsingFuzzTest#anyTextIsOneNodeIdOrRefused"
  "producer dev.lineage.id.IdParsingFuzzTest#anyTextIsOneDigestOrRefused"
  "producer dev.lineage.compare.ScoreFileFuzzTest#anyBytesAreAScoreFileOrRefusedByName"
  "runtime dev.lineage.http.HttpParsingFuzzTest#anyQueryStringParsesOrIsABadRequest"
  "runtime dev.lineage.http.HttpParsingFuzzTest#anyBodyReadsOrIsABadRequest"
)

cd "$ROOT"
mvn -B -q -o install -DskipTests -Dexplorer.skip -pl schemas,producer,runtime -am >/dev/null 2>&1 \
  || mvn -B -q install -DskipTests -Dexplorer.skip -pl schemas,producer,runtime -am
log_dir="$ROOT/target/fuzz"
mkdir -p "$log_dir"
failed=0
for t in "${TARGETS[@]}"; do
  module="${t%% *}"
  test="${t#* }"
  log="$log_dir/${test##*.}.log"
  started=$(date +%s)
  if JAZZER_FUZZ=1 mvn -B -o test -pl "$module" -Dexplorer.skip \
      -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
    runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    echo "fuzz: $test: no finding in $(( $(date +%s) - started )) s (${runs:-?} inputs)"
  else
    echo "fuzz: $test: FINDING (or build failure); see $log" >&2
    grep -E "== Java Exception|Caused by|at dev\.lineage" "$log" | head -12 >&2 || true
    failed=1
  fi
done
exit $failed
