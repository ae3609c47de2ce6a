#!/usr/bin/env bash
# The Bulwark demo: real PostgreSQL, Redis, Kafka and Elasticsearch (from Maven Central artifacts, no Docker), then
# the sample service with the Bulwark agent. Environment variables given to this script reach the sample service
# (e.g. `REQUEST_TIMEOUT=2 PORT=8080 ./run-demo.sh`). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
BACKENDS=integration-tests/backends/target
JDK25_DEFAULT=/usr/lib/jvm/temurin-25-jdk-amd64

java_feature_version() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]) }'
}

pick_jdk() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && "$(java_feature_version "$JAVA_HOME")" -ge 21 ]]; then
    echo "$JAVA_HOME"
  elif [[ -x "$JDK25_DEFAULT/bin/java" ]]; then
    echo "$JDK25_DEFAULT"
  else
    echo "run-demo.sh: needs JDK 21 or newer (JDK 25 recommended); set JAVA_HOME" >&2
    return 1
  fi
}

# True when a jar, the backends' classes or any entry of their stored classpath is missing.
needs_build() {
  local file entry
  for file in agent/target/bulwark-agent.jar sample-service/target/sample-service.jar \
              "$BACKENDS/classes/io/bulwark/testbed/DemoStack.class" "$BACKENDS/runtime.classpath"; do
    [[ -e "$file" ]] || return 0
  done
  IFS=: read -r -a entries < "$BACKENDS/runtime.classpath"
  for entry in "${entries[@]}"; do
    [[ -e "$entry" ]] || return 0
  done
  return 1
}

JAVA_HOME=$(pick_jdk)
export JAVA_HOME

if needs_build; then
  command -v mvn > /dev/null || { echo "run-demo.sh: Maven (mvn) is needed to build the demo" >&2; exit 1; }
  echo "[demo] building (mvn -B -q -DskipTests install) with $JAVA_HOME ..."
  mvn -B -q -DskipTests install
fi

# exec: Ctrl-C and SIGTERM go straight to DemoStack, which stops every process it started.
exec "$JAVA_HOME/bin/java" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dbulwark.root="$ROOT" \
  -cp "$BACKENDS/classes:$(cat "$BACKENDS/runtime.classpath")" \
  io.bulwark.testbed.DemoStack
