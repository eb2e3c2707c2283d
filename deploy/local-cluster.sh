#!/usr/bin/env bash
# Starts a local Strata cluster on loopback: one PostgreSQL (the broker jar's embedded PostgreSQL 15,
# which also works as root), Keycloak with the realm of deploy/keycloak/strata-realm.json, and three
# brokers, node ids 1-3 on racks a, b, c, that accept Keycloak's tokens (strata.auth.mode=oidc).
# Prints the addresses and the demo clients; Ctrl-C stops everything (brokers first, with a
# controlled shutdown, then Keycloak, then PostgreSQL).
#
# Usage: deploy/local-cluster.sh [work-dir]    (default: ./local-cluster; data survives restarts)
# Needs:  the packaged broker (mvn -B -o -q package -DskipTests), Java 17+, and Maven (the first run
#         fetches Keycloak's distribution, about 176 MB, from Maven Central into ./.strata-local/).
# Ports:  PostgreSQL 15432, Keycloak 18080, Kafka 19092-19094, HTTP 18081-18083 (override with
#         STRATA_PG_PORT, STRATA_KEYCLOAK_PORT, STRATA_KAFKA_BASE_PORT, STRATA_HTTP_BASE_PORT).
# STRATA_AUTH_MODE=none runs the brokers open and starts no Keycloak.
# LOCAL ONLY: the realm's users, client secrets and Keycloak's admin/admin are published in this repo.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
APP="$ROOT/target/quarkus-app"
WORK="$(mkdir -p "${1:-$ROOT/local-cluster}" && cd "${1:-$ROOT/local-cluster}" && pwd)"
PG_PORT="${STRATA_PG_PORT:-15432}"
KAFKA_BASE="${STRATA_KAFKA_BASE_PORT:-19092}"
HTTP_BASE="${STRATA_HTTP_BASE_PORT:-18081}"
KC_PORT="${STRATA_KEYCLOAK_PORT:-18080}"
AUTH_MODE="${STRATA_AUTH_MODE:-oidc}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The Keycloak the tests run (pom.xml's keycloak.version), unpacked once into a cache outside target/
# so that `mvn clean` does not fetch it again.
KC_VERSION="$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$ROOT/pom.xml")"
KC_CACHE="$ROOT/.strata-local/keycloak"
KC_HOME="$KC_CACHE/keycloak-$KC_VERSION"
REALM_URL="http://127.0.0.1:$KC_PORT/realms/strata"

if [[ ! -f "$APP/quarkus-run.jar" ]]; then
  echo "No packaged broker at $APP: run 'mvn -B -o -q package -DskipTests' first." >&2
  exit 1
fi

PIDS=()
KC_PID=
stop_all() {
  trap - INT TERM HUP EXIT
  echo
  # One at a time: each broker's controlled shutdown hands its leaderships to brokers still running,
  # rather than to one that is stopping too.
  for ((i = ${#PIDS[@]} - 1; i >= 1; i--)); do
    echo "Stopping broker $i..."
    kill -TERM "${PIDS[$i]}" 2>/dev/null || true
    wait "${PIDS[$i]}" 2>/dev/null || true
  done
  if [[ -n "$KC_PID" ]]; then
    echo "Stopping Keycloak..."
    # Its own session (setsid): the group holds the launcher and anything it forked.
    kill -TERM -- "-$KC_PID" 2>/dev/null || true
    wait "$KC_PID" 2>/dev/null || true
  fi
  if [[ ${#PIDS[@]} -gt 0 ]]; then
    echo "Stopping PostgreSQL..."
    kill -TERM "${PIDS[0]}" 2>/dev/null || true
    wait "${PIDS[0]}" 2>/dev/null || true
  fi
  echo "Stopped. Logs and data are in $WORK"
  exit 0
}
trap stop_all INT TERM HUP EXIT

wait_for() { # file pattern seconds pid
  local deadline=$((SECONDS + $3))
  until grep -q "$2" "$1" 2>/dev/null; do
    if ! kill -0 "$4" 2>/dev/null; then echo "Process $4 exited; see $1:" >&2; tail -20 "$1" >&2; exit 1; fi
    if ((SECONDS > deadline)); then echo "Timed out waiting for '$2' in $1" >&2; tail -20 "$1" >&2; exit 1; fi
    sleep 0.5
  done
}

# Children run in sessions of their own (setsid): Ctrl-C reaches only this script, which then stops
# the brokers one by one and PostgreSQL last, instead of every process at once.
mkdir -p "$WORK/pg"
setsid "$JAVA" -cp "$APP/app/*:$APP/lib/main/*:$APP/lib/boot/*" io.strata.metadata.EmbeddedDatabaseMain "$WORK/pg" "$PG_PORT" \
  > "$WORK/postgres.log" 2>&1 &
PIDS+=($!)
wait_for "$WORK/postgres.log" "^READY " 120 "${PIDS[0]}"
JDBC_URL="$(grep -m1 '^READY ' "$WORK/postgres.log" | cut -d' ' -f2)"

# Keycloak, fetched with Maven from Maven Central on first use, realm imported at every start (its
# in-memory database starts empty, so the realm file is the whole truth).
if [[ "$AUTH_MODE" == oidc ]]; then
  if [[ ! -x "$KC_HOME/bin/kc.sh" ]]; then
    echo "Fetching Keycloak $KC_VERSION with Maven into $KC_CACHE (first run only)..."
    (cd "$ROOT" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:tar.gz" -DoutputDirectory="$KC_CACHE")
  fi
  mkdir -p "$KC_HOME/data/import"
  rm -f "$KC_HOME/data/import/"*.json
  cp "$ROOT/deploy/keycloak/strata-realm.json" "$KC_HOME/data/import/"
  echo "Starting Keycloak on $REALM_URL (the first start also builds it: a minute or two)..."
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    setsid "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KC_PORT" \
      --hostname="http://127.0.0.1:$KC_PORT" --db=dev-mem --import-realm > "$WORK/keycloak.log" 2>&1 &
  KC_PID=$!
  wait_for "$WORK/keycloak.log" "Listening on: " 300 "$KC_PID"
  # The Kafka listeners are SASL_PLAINTEXT under oidc; followers replicate as the SCRAM user broker
  # (created by the first broker; LOCAL ONLY password).
  AUTH_ENV=(STRATA_AUTH_MODE=oidc QUARKUS_OIDC_AUTH_SERVER_URL="$REALM_URL" QUARKUS_OIDC_TOKEN_AUDIENCE=strata
    STRATA_KAFKA_INTER_BROKER_PASSWORD=broker-local-only-secret)
else
  AUTH_ENV=(STRATA_AUTH_MODE=none)
fi

RACKS=(a b c)
for n in 1 2 3; do
  dir="$WORK/broker-$n"
  mkdir -p "$dir"
  QUARKUS_DATASOURCE_JDBC_URL="$JDBC_URL" QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
  STRATA_NODE_ID=$n STRATA_RACK=${RACKS[$((n - 1))]} STRATA_DATA_DIR="$dir" \
  STRATA_KAFKA_PORT=$((KAFKA_BASE + n - 1)) STRATA_KAFKA_ADVERTISED_HOST=127.0.0.1 \
  QUARKUS_HTTP_PORT=$((HTTP_BASE + n - 1)) QUARKUS_HTTP_HOST=127.0.0.1 \
    env "${AUTH_ENV[@]}" setsid "$JAVA" -jar "$APP/quarkus-run.jar" > "$dir/broker.log" 2>&1 &
  PIDS+=($!)
done
for n in 1 2 3; do
  wait_for "$WORK/broker-$n/broker.log" "Broker $n of cluster" 180 "${PIDS[$n]}"
done

BOOTSTRAP="127.0.0.1:$KAFKA_BASE,127.0.0.1:$((KAFKA_BASE + 1)),127.0.0.1:$((KAFKA_BASE + 2))"
if [[ "$AUTH_MODE" == oidc ]]; then
  AUTH_INFO="authentication ON: strata.auth.mode=oidc, tokens from realm strata"
else
  AUTH_INFO="authentication OFF: strata.auth.mode=none"
fi
cat <<INFO

Strata local cluster is up ($AUTH_INFO).
  PostgreSQL     $JDBC_URL   (log: $WORK/postgres.log)
  broker 1 (a)   Kafka 127.0.0.1:$KAFKA_BASE   HTTP http://127.0.0.1:$HTTP_BASE   (log: $WORK/broker-1/broker.log)
  broker 2 (b)   Kafka 127.0.0.1:$((KAFKA_BASE + 1))   HTTP http://127.0.0.1:$((HTTP_BASE + 1))   (log: $WORK/broker-2/broker.log)
  broker 3 (c)   Kafka 127.0.0.1:$((KAFKA_BASE + 2))   HTTP http://127.0.0.1:$((HTTP_BASE + 2))   (log: $WORK/broker-3/broker.log)
  bootstrap      $BOOTSTRAP
INFO
if [[ "$AUTH_MODE" == oidc ]]; then
  cat <<INFO
  Keycloak       http://127.0.0.1:$KC_PORT   admin console user admin / admin   (log: $WORK/keycloak.log)
  issuer         $REALM_URL
LOCAL ONLY demo identities (published in deploy/keycloak/strata-realm.json):
  clients (client credentials)  orders-producer / orders-producer-local-only-secret
                                orders-consumer / orders-consumer-local-only-secret
                                strata-admin-service / strata-admin-service-local-only-secret  (role admin)
  users (console, PKCE)         alice / alice-local-only (admin), oscar / oscar-local-only (operator),
                                vera / vera-local-only (viewer)
Try:
  TOKEN=\$(curl -s $REALM_URL/protocol/openid-connect/token -d grant_type=client_credentials \\
          -d client_id=strata-admin-service -d client_secret=strata-admin-service-local-only-secret \\
          | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  curl -s -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$HTTP_BASE/v3/clusters
INFO
else
  echo "Try:  kcat -b $BOOTSTRAP -L"
fi
echo "Press Ctrl-C to stop everything."

# Stay in the foreground until Ctrl-C. A broker may be killed to try failover (it is reported, and the
# others keep running); losing PostgreSQL ends the cluster.
declare -A REPORTED=()
while true; do
  if ! kill -0 "${PIDS[0]}" 2>/dev/null; then echo "PostgreSQL exited; stopping the cluster." >&2; exit 1; fi
  if [[ -n "$KC_PID" ]] && ! kill -0 "$KC_PID" 2>/dev/null; then
    echo "Keycloak exited (log: $WORK/keycloak.log); stopping the cluster." >&2; exit 1
  fi
  for n in 1 2 3; do
    if [[ -z "${REPORTED[$n]:-}" ]] && ! kill -0 "${PIDS[$n]}" 2>/dev/null; then
      echo "Broker $n (pid ${PIDS[$n]}) exited; the others keep running. Log: $WORK/broker-$n/broker.log" >&2
      REPORTED[$n]=1
    fi
  done
  sleep 1
done
