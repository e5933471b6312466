#!/usr/bin/env bash
# The project's test command (README "Run the tests"): builds every module and runs all tests,
# unit and integration (a real Keycloak is unpacked from Maven Central and started once per run).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
exec ./mvnw -B -ntp verify "$@"
