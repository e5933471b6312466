#!/usr/bin/env bash
# Starts Keycloak 26.7.3 with (or without) the Agent Auth provider many times in a row and counts the starts
# that fail. Written for issue 19 ("emf is null": start-up database work racing Keycloak's EntityManagerFactory);
# not part of CI (one start takes 15-60 s). Results go to docs/reliability.md.
#
#   scripts/keycloak-start-stress.sh [--runs N] [--db dev-file|postgres] [--existing] [--load] [--stock]
#
#   --runs N      starts in a row (default 30)
#   --db          dev-file (default) or postgres (the machine's 127.0.0.1:5432/test, schema agentauth_stress)
#   --existing    start on the database as the previous start left it instead of a fresh, empty database for
#                 every start (the first start of a variant begins with an empty one and creates it)
#   --load        two busy loops (one per core on this 2-core machine) compete for the CPU during every start
#   --timeout S   seconds a start may take before it counts as failed (default 600: a start on a loaded
#                 2-core machine took up to 260 s, plus the build step on a variant's first start)
#   --jar PATH    the provider jar to test (default: keycloak-agent-spi/target/keycloak-agent-spi-*.jar)
#   --stock       control: the same Keycloak without our provider jar (and without the realm import, whose realm
#                 refers to the provider's mappers and theme)
#
# JAVA_OPTS_APPEND is passed on to Keycloak, e.g. -XX:+UnlockExperimentalVMOptions -XX:hashCode=2 to change the
# identity hash codes that decide the order of the providers' postInit calls (see docs/reliability.md).
#
# Needs the Keycloak distribution and the provider jar from the build:
#   ./mvnw -B -ntp -pl integration-tests -am package -DskipTests
# Each variant gets its own copy of the distribution under target/kc-stress/, so only its first start re-runs
# Keycloak's build step (Quarkus augmentation); that start is counted like the others.
# Prints one line per start and a summary line "<n> started, <m> failed"; exits 1 when a start failed.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=30 DB=dev-file EXISTING=false LOAD=false STOCK=false JAR= TIMEOUT=600
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=${2:?--runs needs a number}; shift ;;
    --db) DB=${2:?--db needs dev-file or postgres}; shift ;;
    --existing) EXISTING=true ;;
    --load) LOAD=true ;;
    --stock) STOCK=true ;;
    --jar) JAR=${2:?--jar needs a path}; shift ;;
    --timeout) TIMEOUT=${2:?--timeout needs seconds}; shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "error: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$DB" in dev-file|postgres) ;; *) echo "error: --db must be dev-file or postgres, not '$DB'" >&2; exit 2 ;; esac
case "$TIMEOUT" in ''|*[!0-9]*) echo "error: --timeout must be a number of seconds, not '$TIMEOUT'" >&2; exit 2 ;; esac
case "$RUNS" in ''|*[!0-9]*) echo "error: --runs must be a positive number, not '$RUNS'" >&2; exit 2 ;; esac

. scripts/java-home.sh

SOURCE=integration-tests/target/keycloak/keycloak-26.7.3
if [ -z "$JAR" ]; then
  for candidate in keycloak-agent-spi/target/keycloak-agent-spi-*.jar; do
    case "$candidate" in *-sources.jar|*-javadoc.jar|*'*'*) continue ;; esac
    JAR="$candidate"
    break
  done
fi
if [ ! -x "$SOURCE/bin/kc.sh" ] || { [ "$STOCK" = false ] && [ -z "$JAR" ]; }; then
  echo "error: build first: ./mvnw -B -ntp -pl integration-tests -am package -DskipTests" >&2
  exit 2
fi

variant="$DB-$([ "$STOCK" = true ] && echo stock || echo agentauth)"
HOME_DIR="target/kc-stress/$variant"
LOG_DIR="target/kc-stress/logs"
mkdir -p "$LOG_DIR"
if [ ! -x "$HOME_DIR/bin/kc.sh" ]; then
  mkdir -p "$(dirname "$HOME_DIR")"
  cp -r "$SOURCE" "$HOME_DIR"
  rm -rf "$HOME_DIR/data"
fi
rm -f "$HOME_DIR"/providers/keycloak-agent-spi*.jar
rm -rf "$HOME_DIR/data/import"
if [ "$STOCK" = false ]; then
  cp "$JAR" "$HOME_DIR/providers/keycloak-agent-spi.jar"
  mkdir -p "$HOME_DIR/data/import"
  cp realm-config/*-realm.json "$HOME_DIR/data/import/"
fi

DB_ARGS=(--db=dev-file)
if [ "$DB" = postgres ]; then
  DB_ARGS=(--db=postgres --db-url=jdbc:postgresql://127.0.0.1:5432/test --db-username=postgres --db-password=unused
    --db-schema=agentauth_stress)
fi
reset_db() {
  if [ "$DB" = postgres ]; then
    PGOPTIONS="-c client_min_messages=warning" psql -q -h 127.0.0.1 -U postgres -d test -c 'DROP SCHEMA IF EXISTS agentauth_stress CASCADE' \
      -c 'CREATE SCHEMA agentauth_stress' >/dev/null
  else
    rm -rf "$HOME_DIR/data/h2"
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

LOAD_PIDS=()
KC_PID=
cleanup() {
  [ -n "$KC_PID" ] && kill "$KC_PID" 2>/dev/null && wait "$KC_PID" 2>/dev/null || true
  for pid in "${LOAD_PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

if [ "$LOAD" = true ]; then
  for _ in 1 2; do sh -c 'while :; do :; done' & LOAD_PIDS+=($!); done
fi

started=0 failed=0 emf=0
for ((run = 1; run <= RUNS; run++)); do
  # --existing: the variant's first start gets an empty database (and creates it), the later ones keep it
  { [ "$EXISTING" = false ] || [ "$run" = 1 ]; } && reset_db
  log="$LOG_DIR/$variant-$(date +%Y%m%d-%H%M%S)-$run.log"
  port=$(free_port) mport=$(free_port)
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$HOME_DIR/bin/kc.sh" start-dev "${DB_ARGS[@]}" --http-port="$port" \
    --http-management-port="$mport" $([ "$STOCK" = false ] && echo --import-realm) > "$log" 2>&1 &
  KC_PID=$!
  t0=$(date +%s) outcome=timeout
  while [ $(( $(date +%s) - t0 )) -lt "$TIMEOUT" ]; do
    if ! kill -0 "$KC_PID" 2>/dev/null; then outcome=exited; break; fi
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/realms/master" 2>/dev/null)" = 200 ]; then
      outcome=ok; break
    fi
    sleep 1
  done
  seconds=$(( $(date +%s) - t0 ))
  kill "$KC_PID" 2>/dev/null || true
  wait "$KC_PID" 2>/dev/null || true
  KC_PID=
  if [ "$outcome" = ok ] && ! grep -q 'emf" is null' "$log"; then
    started=$((started + 1))
    echo "run $run: started in ${seconds}s (load average $(cut -d' ' -f1 /proc/loadavg))"
    rm -f "$log"
  else
    failed=$((failed + 1))
    reason=$(grep -m1 -o 'Cannot invoke "jakarta.persistence.EntityManagerFactory[^"]*" because "emf" is null' "$log" || true)
    [ -n "$reason" ] && emf=$((emf + 1))
    echo "run $run: FAILED ($outcome after ${seconds}s${reason:+: $reason}; load average $(cut -d' ' -f1 /proc/loadavg)), log kept: $log"
  fi
done
echo "$variant db=$DB existing=$EXISTING load=$LOAD: $started started, $failed failed ($emf with 'emf is null')"
[ "$failed" -eq 0 ]
