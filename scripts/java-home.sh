# Sourced by demo.sh and .ci/run: selects a JDK >= 21 (Keycloak 26.7 needs it) and exports JAVA_HOME.
# Order: $JAVA_HOME if it is 21+, else the newest JDK 21+ under /usr/lib/jvm.

agentauth_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

agentauth_pick_java() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(agentauth_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ]; then
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(agentauth_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] && [ "${major:-0}" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "error: Agent Auth needs a JDK 21 or newer (Keycloak 26.7 requires it)." >&2
    echo "       Set JAVA_HOME to one, or install one under /usr/lib/jvm." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

agentauth_pick_java || exit 1
export PATH="$JAVA_HOME/bin:$PATH"

# Maven 3.9's Guice calls sun.misc.Unsafe, which JDK 24+ warns about on every build; allow it quietly there
# (the flag does not exist before JDK 23, so it is added only on newer JDKs).
if [ "$(agentauth_java_major "$JAVA_HOME")" -ge 24 ] 2>/dev/null; then
  case " ${MAVEN_OPTS:-} " in
    *" --sun-misc-unsafe-memory-access="*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
