#!/usr/bin/env bash
# Fuzzes the parsers of agent-auth-core with Jazzer (coverage-guided, libFuzzer), one @FuzzTest after the other
# (or --jobs N at a time).
# Not part of CI: CI (plain `mvn verify`) only replays the committed inputs of every target as regression tests.
#
#   scripts/fuzz.sh [--duration 10m] [--jobs N] [Class#method ...]
#
#   --duration D   how long each target fuzzes (Jazzer's max_duration: 30s, 10m, 1h; default 10m)
#   --jobs N       fuzz N targets at a time, one JVM each (default 1; use at most one per idle core: a target
#                  is one fuzzing thread, and jobs sharing a core only split its executions)
#   Class#method   the targets to fuzz (default: all of them, listed below)
#
# A finding (an exception other than the documented refusal, a broken property, an input running over 10 s)
# stops that target; Jazzer writes the input as crash-<sha1> into the target's committed inputs directory,
# src/test/resources/<package>/<Class>Inputs/<method>/, so from then on every `mvn verify` replays it. The
# generated corpus stays in agent-auth-core/.cifuzz-corpus/ (not committed). One line per target goes to
# target/fuzz/summary.txt: the executions, the corpus size and the coverage libFuzzer reports at the end; the full
# output to target/fuzz/<Class>.<method>.log. Exits 1 when a target found something.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh

DURATION=10m
JOBS=1
TARGETS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --jobs) JOBS="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
if ! [[ "$JOBS" =~ ^[1-9][0-9]*$ ]]; then
  echo "--jobs takes a positive number, not '$JOBS'" >&2
  exit 2
fi
if [[ ${#TARGETS[@]} -eq 0 ]]; then
  TARGETS=(
    StructuredFieldFuzzTests#dictionaryParsesOrIsRefusedAndRoundTrips
    StructuredFieldFuzzTests#commonDictionaryAgreesWithTheStrictParser
    StructuredFieldFuzzTests#listParsesOrIsRefusedAndRoundTrips
    StructuredFieldFuzzTests#itemParsesOrIsRefusedAndRoundTrips
    SignatureFuzzTests#signatureFieldsParseOrAreRefusedAndRoundTrip
    SignatureFuzzTests#acceptSignatureWeSendParses
    SignatureFuzzTests#signatureBaseOfArbitraryComponentsIsBuiltOrRefused
    SignatureFuzzTests#mutatedSignedRequestIsNeverAccepted
    ContentDigestFuzzTests#digestIsAcceptedOnlyWhenItMatchesTheBody
    AgentKeyFuzzTests#jwkTextIsAKeyOrIsRefused
    AgentKeyFuzzTests#jwkMembersAreAKeyOrAreRefused
    DelegationFuzzTests#authorizationDetailsAreReadOrRefusedAndRoundTrip
    DelegationFuzzTests#delegationTokenClaimsAreReadOrRefused
    DelegationFuzzTests#actorTokenIsVerifiedOrRefused
    DelegationFuzzTests#mutatedActorTokenIsNeverAccepted
    DelegationFuzzTests#consentParametersAreReadOrIgnored
    RevocationEventFuzzTests#setClaimsAreReadOrRefusedAndRoundTrip
    RequestIdFuzzTests#requestIdIsKeptOnlyWhenSafe
  )
fi

# -am: the core's tests use agent-auth-test (not installed; taken from the reactor)
./mvnw -B -ntp -q -pl agent-auth-core -am test-compile
OUT=agent-auth-core/target/fuzz
mkdir -p "$OUT"
# fuzzes the targets given, one after the other; exits 1 when one of them found something
fuzz_targets() {
  local failed=0 target log start result done_line
  for target in "$@"; do
    log="$OUT/${target/\#/.}.log"
    start=$(date +%s)
    # -Djazzer.max_duration overrides @FuzzTest(maxDuration); only one target can fuzz per JVM; libFuzzer
    # -timeout=10: an input running 10 s is a finding (a hang)
    if JAZZER_FUZZ=1 ./mvnw -B -ntp -o -pl agent-auth-core -am test -Dtest="$target" \
        -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration="$DURATION" -Djazzer.hooks=true \
        -Djazzer.internal.arg.0=-timeout=10 >"$log" 2>&1; then
      result=ok
    else
      result=FINDING
      failed=1
    fi
    done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true)
    echo "$(date -u +%FT%TZ) $target $result $(( $(date +%s) - start ))s ${done_line}" | tee -a "$OUT/summary.txt"
  done
  return $failed
}

# job j takes targets j, j+N, j+2N, ...
PIDS=()
for (( j = 0; j < JOBS; j++ )); do
  SHARE=()
  for (( i = j; i < ${#TARGETS[@]}; i += JOBS )); do
    SHARE+=("${TARGETS[$i]}")
  done
  [[ ${#SHARE[@]} -gt 0 ]] || continue
  fuzz_targets "${SHARE[@]}" &
  PIDS+=($!)
done
FAILED=0
for pid in "${PIDS[@]}"; do
  wait "$pid" || FAILED=1
done
exit $FAILED
