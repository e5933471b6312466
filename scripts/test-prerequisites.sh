# Sourced by scripts/test.sh (and so by .ci/run): makes sure the machine has what the test suite uses besides the JDK
# (scripts/java-home.sh) and Maven (the wrapper), so `./scripts/test.sh` alone passes on a fresh machine.
# Whatever is missing is installed from Debian's packages when we can (root with apt-get); otherwise it stops at once
# and prints the exact command to run. AGENTAUTH_SKIP_PREREQUISITES=1 skips every check (you know your machine).
#
#   node, npm >= 20        build the console themes (npm ci inside the Maven build)
#   chromium, chromedriver the console and compatibility browser tests (Selenium, headless)
#   nginx                  the gateway's auth_request tests and the Keycloak cluster proxy
#   docker-compose         `docker-compose config -q` validates docker-compose.yml (no Docker engine needed)
#   redis-server, a Redis  the starter's and the integration tests' Redis stores use 127.0.0.1:6379
#   promtool               `promtool check rules` / `test rules` on deploy/prometheus (Debian package prometheus)
#   PostgreSQL             only with AGENTAUTH_TEST_KC_DB=postgres (CI): Keycloak's database at 127.0.0.1:5432

agentauth_missing_packages=()

agentauth_need_command() { # command, Debian package
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || agentauth_missing_packages+=("$2")
}

agentauth_install_missing() {
  [ "${#agentauth_missing_packages[@]}" -eq 0 ] && return 0
  local packages="${agentauth_missing_packages[*]}"
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing what the tests need: $packages"
    local log
    log=$(mktemp)
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages; } \
      >"$log" 2>&1 || { cat "$log" >&2; echo "error: could not install $packages" >&2; return 1; }
    rm -f "$log"
  else
    echo "error: the tests need: $packages" >&2
    echo "       install them with: sudo apt-get install --no-install-recommends $packages" >&2
    echo "       (or set AGENTAUTH_SKIP_PREREQUISITES=1 if you provide them some other way)" >&2
    return 1
  fi
}

agentauth_check_node() {
  local version
  version=$(node --version 2>/dev/null) || version=""
  version=${version#v}
  if [ "${version%%.*}" -lt 20 ] 2>/dev/null || [ -z "$version" ]; then
    echo "error: Node.js >= 20 with npm is needed to build the console themes (found: ${version:-none})." >&2
    echo "       Debian: sudo apt-get install nodejs npm (or any Node.js 20+ on PATH)" >&2
    return 1
  fi
}

agentauth_redis_up() {
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1
}

agentauth_start_redis() {
  agentauth_redis_up && return 0
  local dir
  dir=$(mktemp -d)
  echo "Starting a Redis on 127.0.0.1:6379 for the tests (data in $dir, not persisted)"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir "$dir" --logfile "$dir/redis.log" >/dev/null \
    || { echo "error: no Redis on 127.0.0.1:6379 and redis-server did not start; see $dir/redis.log" >&2; return 1; }
  local i
  for i in $(seq 1 50); do agentauth_redis_up && return 0; sleep 0.1; done
  echo "error: redis-server started but does not answer on 127.0.0.1:6379; see $dir/redis.log" >&2
  return 1
}

agentauth_start_postgres() {
  [ "${AGENTAUTH_TEST_KC_DB:-}" = postgres ] || return 0
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return 0; fi
  local cluster
  for cluster in /etc/postgresql/*; do
    [ -d "$cluster/main" ] && pg_ctlcluster --skip-systemctl-redirect "${cluster##*/}" main start || true
  done
  pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && return 0
  echo "error: AGENTAUTH_TEST_KC_DB=postgres needs PostgreSQL on 127.0.0.1:5432 (trust auth, database test)." >&2
  echo "       Unset AGENTAUTH_TEST_KC_DB to run Keycloak on its dev-file database instead." >&2
  return 1
}

agentauth_prerequisites() {
  [ "${AGENTAUTH_SKIP_PREREQUISITES:-}" = 1 ] && return 0
  agentauth_need_command chromium chromium
  agentauth_need_command chromedriver chromium-driver
  agentauth_need_command nginx nginx
  agentauth_need_command docker-compose docker-compose
  agentauth_need_command redis-server redis-server
  agentauth_need_command redis-cli redis-tools
  agentauth_need_command promtool prometheus
  if [ "${AGENTAUTH_TEST_KC_DB:-}" = postgres ]; then agentauth_need_command pg_isready postgresql-client; fi
  agentauth_install_missing || return 1
  agentauth_check_node || return 1
  agentauth_start_redis || return 1
  agentauth_start_postgres || return 1
}

agentauth_prerequisites || exit 1
