#!/usr/bin/env bash
# Starts a local Strata cluster on loopback: one PostgreSQL (the broker jar's embedded PostgreSQL 15,
# which also works as root) and three brokers, node ids 1-3 on racks a, b, c. Prints the addresses;
# Ctrl-C stops everything (brokers first, with a controlled shutdown, then PostgreSQL).
#
# Usage: deploy/local-cluster.sh [work-dir]    (default: ./local-cluster; data survives restarts)
# Needs:  the packaged broker (mvn -B -o -q package -DskipTests) and Java 17+.
# Ports:  PostgreSQL 15432, Kafka 19092-19094, HTTP 18081-18083 (override with STRATA_PG_PORT,
#         STRATA_KAFKA_BASE_PORT, STRATA_HTTP_BASE_PORT).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
APP="$ROOT/target/quarkus-app"
WORK="$(mkdir -p "${1:-$ROOT/local-cluster}" && cd "${1:-$ROOT/local-cluster}" && pwd)"
PG_PORT="${STRATA_PG_PORT:-15432}"
KAFKA_BASE="${STRATA_KAFKA_BASE_PORT:-19092}"
HTTP_BASE="${STRATA_HTTP_BASE_PORT:-18081}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [[ ! -f "$APP/quarkus-run.jar" ]]; then
  echo "No packaged broker at $APP: run 'mvn -B -o -q package -DskipTests' first." >&2
  exit 1
fi

PIDS=()
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

RACKS=(a b c)
for n in 1 2 3; do
  dir="$WORK/broker-$n"
  mkdir -p "$dir"
  QUARKUS_DATASOURCE_JDBC_URL="$JDBC_URL" QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
  STRATA_NODE_ID=$n STRATA_RACK=${RACKS[$((n - 1))]} STRATA_DATA_DIR="$dir" \
  STRATA_KAFKA_PORT=$((KAFKA_BASE + n - 1)) STRATA_KAFKA_ADVERTISED_HOST=127.0.0.1 \
  QUARKUS_HTTP_PORT=$((HTTP_BASE + n - 1)) QUARKUS_HTTP_HOST=127.0.0.1 STRATA_AUTH_MODE=none \
    setsid "$JAVA" -jar "$APP/quarkus-run.jar" > "$dir/broker.log" 2>&1 &
  PIDS+=($!)
done
for n in 1 2 3; do
  wait_for "$WORK/broker-$n/broker.log" "Broker $n of cluster" 180 "${PIDS[$n]}"
done

BOOTSTRAP="127.0.0.1:$KAFKA_BASE,127.0.0.1:$((KAFKA_BASE + 1)),127.0.0.1:$((KAFKA_BASE + 2))"
cat <<INFO

Strata local cluster is up (authentication OFF: strata.auth.mode=none).
  PostgreSQL     $JDBC_URL   (log: $WORK/postgres.log)
  broker 1 (a)   Kafka 127.0.0.1:$KAFKA_BASE   HTTP http://127.0.0.1:$HTTP_BASE   (log: $WORK/broker-1/broker.log)
  broker 2 (b)   Kafka 127.0.0.1:$((KAFKA_BASE + 1))   HTTP http://127.0.0.1:$((HTTP_BASE + 1))   (log: $WORK/broker-2/broker.log)
  broker 3 (c)   Kafka 127.0.0.1:$((KAFKA_BASE + 2))   HTTP http://127.0.0.1:$((HTTP_BASE + 2))   (log: $WORK/broker-3/broker.log)
  bootstrap      $BOOTSTRAP
Try:  kcat -b $BOOTSTRAP -L
Press Ctrl-C to stop everything.
INFO

# Stay in the foreground until Ctrl-C. A broker may be killed to try failover (it is reported, and the
# others keep running); losing PostgreSQL ends the cluster.
declare -A REPORTED=()
while true; do
  if ! kill -0 "${PIDS[0]}" 2>/dev/null; then echo "PostgreSQL exited; stopping the cluster." >&2; exit 1; fi
  for n in 1 2 3; do
    if [[ -z "${REPORTED[$n]:-}" ]] && ! kill -0 "${PIDS[$n]}" 2>/dev/null; then
      echo "Broker $n (pid ${PIDS[$n]}) exited; the others keep running. Log: $WORK/broker-$n/broker.log" >&2
      REPORTED[$n]=1
    fi
  done
  sleep 1
done
