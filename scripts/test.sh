#!/usr/bin/env bash
# The project's test command (README "Run the tests"): builds every module and runs all tests,
# unit and integration (a real Keycloak is unpacked from Maven Central and started once per run).
# scripts/test-prerequisites.sh first installs (or names) what the tests use besides the JDK and Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
. scripts/test-prerequisites.sh
exec ./mvnw -B -ntp verify "$@"
