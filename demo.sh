#!/usr/bin/env bash
# Runs the whole Agent Auth demo on one machine: Keycloak (embedded dev database) with the agent registry
# provider and the demo realm, the demo merchant, and the demo agent's scenario.
#
#   ./demo.sh               run the scenario, then stop everything this script started
#   ./demo.sh --keep-running  leave Keycloak and the merchant running for manual curl / browser use
#   ./demo.sh --gateway     the agent calls the Agent Auth gateway jar, which verifies and forwards to the merchant
#
# Ports: KC_PORT (8080), KC_MANAGEMENT_PORT (9000), MERCHANT_PORT (8081), MERCHANT_MANAGEMENT_PORT (8082,
# localhost only), GATEWAY_PORT (8083, with --gateway). Needs only a JDK >= 21.
set -euo pipefail
cd "$(dirname "$0")"

KEEP_RUNNING=false
GATEWAY=false
for arg in "$@"; do
  case "$arg" in
    --keep-running) KEEP_RUNNING=true ;;
    --gateway) GATEWAY=true ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "error: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

. scripts/java-home.sh

KC_VERSION=26.7.3
KC_PORT="${KC_PORT:-8080}"
KC_MANAGEMENT_PORT="${KC_MANAGEMENT_PORT:-9000}"
MERCHANT_PORT="${MERCHANT_PORT:-8081}"
MERCHANT_MANAGEMENT_PORT="${MERCHANT_MANAGEMENT_PORT:-8082}"
RUN_DIR="$PWD/demo/.run"
KC_HOME="$RUN_DIR/keycloak-$KC_VERSION"
REALM=agentic-commerce
ADMIN_USER=admin
ADMIN_PASSWORD=admin

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nDEMO FAILED: %s\n' "$*" >&2; exit 1; }

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && { exec 3>&- 3<&-; return 0; }
  return 1
}
GATEWAY_PORT="${GATEWAY_PORT:-8083}"
PORTS=("$KC_PORT" "$KC_MANAGEMENT_PORT" "$MERCHANT_PORT" "$MERCHANT_MANAGEMENT_PORT")
if [ "$GATEWAY" = true ]; then PORTS+=("$GATEWAY_PORT"); fi
for port in "${PORTS[@]}"; do
  if port_in_use "$port"; then
    fail "port $port is already in use; stop what uses it or set KC_PORT / KC_MANAGEMENT_PORT / MERCHANT_PORT / MERCHANT_MANAGEMENT_PORT"
  fi
done

PIDS=()
cleanup() {
  if [ "$KEEP_RUNNING" = true ] && [ "${DEMO_OK:-false}" = true ]; then
    return
  fi
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

wait_for() { # url, seconds, name, log
  local url=$1 seconds=$2 name=$3 log=$4 i
  for ((i = 0; i < seconds; i++)); do
    # any HTTP answer counts (the merchant answers 401 to an unsigned request)
    if curl -sS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 1
  done
  echo "--- last lines of $log ---" >&2; tail -n 40 "$log" >&2 || true
  fail "$name did not become ready at $url within $seconds s"
}

step "Building (./mvnw package, tests skipped)"
./mvnw -B -ntp -q -DskipTests package || fail "build failed"
mkdir -p "$RUN_DIR"

if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  step "Unpacking Keycloak $KC_VERSION from Maven Central (cached after the first run)"
  ./mvnw -B -ntp -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -DoutputDirectory="$RUN_DIR" \
    || fail "could not fetch keycloak-quarkus-dist $KC_VERSION"
fi

step "Installing the agent registry provider and the $REALM realm"
# short key-lookup max-age (2 s) so the merchant sees the suspension within the demo; production default is 60 s
rm -f "$KC_HOME"/providers/keycloak-agent-spi-*.jar
# the provider jar only: with its -sources/-javadoc jars beside it, Keycloak finds our Liquibase changelog twice
for jar in keycloak-agent-spi/target/keycloak-agent-spi-*.jar; do
  case "$jar" in *-sources.jar|*-javadoc.jar) continue ;; esac
  cp "$jar" "$KC_HOME/providers/"
done
mkdir -p "$KC_HOME/data/import"
cp realm-config/*-realm.json "$KC_HOME/data/import/"

step "Starting Keycloak on http://localhost:$KC_PORT (log: $RUN_DIR/keycloak.log)"
KC_BOOTSTRAP_ADMIN_USERNAME=$ADMIN_USER KC_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD \
  "$KC_HOME/bin/kc.sh" start-dev --http-port="$KC_PORT" --http-management-port="$KC_MANAGEMENT_PORT" \
  --import-realm --spi-realm-restapi-extension--agents--max-age=2 > "$RUN_DIR/keycloak.log" 2>&1 &
PIDS+=("$!")
wait_for "http://localhost:$KC_PORT/realms/$REALM" 240 Keycloak "$RUN_DIR/keycloak.log"
echo "Keycloak is up."
# the master realm (where the demo admin signs in) is not imported: give it the agentauth admin theme by REST
ADMIN_TOKEN=$(curl -sS -d grant_type=password -d client_id=admin-cli -d "username=$ADMIN_USER" \
  -d "password=$ADMIN_PASSWORD" "http://localhost:$KC_PORT/realms/master/protocol/openid-connect/token" \
  | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
curl -sS -f -o /dev/null -X PUT -H "Authorization: Bearer $ADMIN_TOKEN" -H "Content-Type: application/json" \
  -d '{"adminTheme":"agentauth"}' "http://localhost:$KC_PORT/admin/realms/master" \
  || fail "could not set the admin theme of the master realm"

step "Starting the demo merchant on http://localhost:$MERCHANT_PORT (log: $RUN_DIR/merchant.log)"
MERCHANT_GATEWAY_ARGS=()
# behind the gateway the agent signs the gateway's URL, and the merchant checks that one
if [ "$GATEWAY" = true ]; then
  MERCHANT_GATEWAY_ARGS=(--agentauth.signature.public-base-uri="http://localhost:$GATEWAY_PORT")
fi
# layer 3 runs with the shipped risk defaults (rules, points, thresholds, report score); only the step-up's max_age
# is 5 s instead of 5 min, so that the demo's delegation token is old enough for a step-up after a 10-second wait
java -jar demo/target/demo-0.1.0-SNAPSHOT.jar --server.port="$MERCHANT_PORT" \
  --agentauth.registry.issuer-uri="http://localhost:$KC_PORT/realms/$REALM" \
  --agentauth.merchant-id=demo-merchant --agentauth.revocation.client-secret=demo-merchant-secret \
  --management.server.port="$MERCHANT_MANAGEMENT_PORT" --management.server.address=127.0.0.1 \
  --management.endpoint.agentauthrisk.access=unrestricted \
  --agentauth.risk.step-up-max-age=5s \
  --agentauth.signals.enabled=true --agentauth.signals.usage-interval=5s \
  "${MERCHANT_GATEWAY_ARGS[@]}" > "$RUN_DIR/merchant.log" 2>&1 &
PIDS+=("$!")
wait_for "http://localhost:$MERCHANT_PORT/api/v1/products" 120 "the merchant" "$RUN_DIR/merchant.log"
echo "Merchant is up."

AGENT_TARGET="http://localhost:$MERCHANT_PORT"
if [ "$GATEWAY" = true ]; then
  step "Starting the Agent Auth gateway on http://localhost:$GATEWAY_PORT in front of the merchant (log: $RUN_DIR/gateway.log)"
  # layers 1-3 and the revocation feed at the gateway; the merchant behind it verifies the same signature again
  java -jar agent-auth-gateway/target/agent-auth-gateway-0.1.0-SNAPSHOT.jar --server.port="$GATEWAY_PORT" \
    --agentauth.registry.issuer-uri="http://localhost:$KC_PORT/realms/$REALM" \
    --agentauth.signature.public-base-uri="http://localhost:$GATEWAY_PORT" --agentauth.protected-paths='/api/**' \
    --agentauth.merchant-id=demo-merchant --agentauth.revocation.client-secret=demo-merchant-secret \
    --spring.cloud.gateway.server.webmvc.routes[0].id=demo-merchant \
    --spring.cloud.gateway.server.webmvc.routes[0].uri="http://localhost:$MERCHANT_PORT" \
    '--spring.cloud.gateway.server.webmvc.routes[0].predicates[0]=Path=/api/**' \
    > "$RUN_DIR/gateway.log" 2>&1 &
  PIDS+=("$!")
  wait_for "http://localhost:$GATEWAY_PORT/api/v1/products" 120 "the gateway" "$RUN_DIR/gateway.log"
  echo "Gateway is up."
  AGENT_TARGET="http://localhost:$GATEWAY_PORT"
fi

step "Running the agent scenario"
java -jar demo-agent/target/demo-agent.jar \
  --merchant-management "http://127.0.0.1:$MERCHANT_MANAGEMENT_PORT" \
  --keycloak "http://localhost:$KC_PORT" --realm "$REALM" --merchant "$AGENT_TARGET" \
  --admin-user "$ADMIN_USER" --admin-password "$ADMIN_PASSWORD" || fail "a scenario step failed (see above)"

DEMO_OK=true
if [ "$KEEP_RUNNING" = true ]; then
  step "Still running (--keep-running). Stop with: kill ${PIDS[*]}"
  echo "Keycloak admin console: http://localhost:$KC_PORT/admin/master/console/#/$REALM/agents ($ADMIN_USER / $ADMIN_PASSWORD): Agents"
  echo "Account console:        http://localhost:$KC_PORT/realms/$REALM/account/connected-agents (alice / alice): Connected agents"
  echo "Merchant:               http://localhost:$MERCHANT_PORT/api/v1/products (needs a signed request)"
  if [ "$GATEWAY" = true ]; then
    echo "Gateway:                http://localhost:$GATEWAY_PORT/api/v1/products (needs a signed request)"
  fi
else
  step "Demo finished; stopping Keycloak and the merchant"
fi
