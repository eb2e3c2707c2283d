#!/usr/bin/env bash
# Runs one Strata broker on its own embedded PostgreSQL, with authentication OFF (local use only).
# Builds the jar first when it is missing or older than the sources.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/quarkus-app/quarkus-run.jar
if [ ! -f "$jar" ] || [ -n "$(find src db pom.xml -newer "$jar" -print -quit)" ]; then
  mvn -B -q -DskipTests package
fi

export STRATA_AUTH_MODE="${STRATA_AUTH_MODE:-none}"
export STRATA_DATA_DIR="${STRATA_DATA_DIR:-$PWD/data}"
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
