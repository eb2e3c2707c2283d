#!/usr/bin/env bash
# Side-by-side benchmark: Apache Kafka 4.3.1 (single-node KRaft, jars from Maven Central) and one
# Strata broker (packaged jar, embedded PostgreSQL, auth off), both on loopback on this machine,
# driven by the same Kafka tools (ProducerPerformance, ConsumerPerformance) with the same settings.
#
#   bench/kafka-compare.sh                      # full run: 1,000,000 x 100 B and 200,000 x 1 KiB
#   SMALL_RECORDS=100000 LARGE_RECORDS=20000 bench/kafka-compare.sh   # quick smoke run
#
# Environment knobs (defaults in brackets):
#   SMALL_RECORDS [1000000]  LARGE_RECORDS [200000]  PARTITIONS [6]
#   BROKER_JVM_OPTS [Kafka's own kafka-server-start.sh defaults, used for both brokers]
#   STRATA_EXTRA_OPTS []     extra JVM flags for Strata only (e.g. a JFR recording while profiling)
#   TOOL_TIMEOUT [600]       seconds allowed for one tool run;  BENCH_DEADLINE [3600] for the whole script
#   WORK_DIR [mktemp]        where logs and data go;  KEEP_WORK [0] keep it afterwards
#   BENCH_OUT []             also write the table to this file
#
# Note on durability: Strata fsyncs every acknowledged acks=all write before acking (group commit);
# Apache Kafka with its defaults does not fsync on the produce path (it relies on replication).
set -euo pipefail

# Bound the whole run: re-run this script under timeout(1), whose TERM runs the cleanup trap below.
if [ -z "${KAFKA_COMPARE_BOUNDED:-}" ]; then
  KAFKA_COMPARE_BOUNDED=1 exec timeout -k 120 "${BENCH_DEADLINE:-3600}" "$0" "$@"
fi

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
SMALL_RECORDS=${SMALL_RECORDS:-1000000}
LARGE_RECORDS=${LARGE_RECORDS:-200000}
PARTITIONS=${PARTITIONS:-6}
BROKER_JVM_OPTS=${BROKER_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent}
STRATA_EXTRA_OPTS=${STRATA_EXTRA_OPTS:-}
TOOL_TIMEOUT=${TOOL_TIMEOUT:-600}
BENCH_DEADLINE=${BENCH_DEADLINE:-3600}
KEEP_WORK=${KEEP_WORK:-0}
WORK=${WORK_DIR:-$(mktemp -d /tmp/strata-bench.XXXXXX)}
mkdir -p "$WORK"

KAFKA_PID=""
STRATA_PID=""
TOOL_PID=""

# Progress goes to the script's own stderr (fd 3), even from a trap that fires inside a redirected function.
exec 3>&2
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&3; }

# The embedded PostgreSQL's postmaster (it daemonizes, so it is no child of the Strata JVM).
pg_pid() { head -1 "$WORK/strata/data/pg/postmaster.pid" 2>/dev/null || true; }

descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

stop_process() { # pid name
  local pid=$1 name=$2 others i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  others=$(descendants "$pid" | tr '\n' ' ')
  log "stopping $name (pid $pid${others:+, children $others})"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for i in $others; do kill -0 "$i" 2>/dev/null && kill -KILL "$i" 2>/dev/null || true; done
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pg; pg=$(pg_pid)
  [ -n "$TOOL_PID" ] && kill -TERM "$TOOL_PID" 2>/dev/null || true
  stop_process "$STRATA_PID" strata
  stop_process "$KAFKA_PID" kafka
  # Strata stops its PostgreSQL on a clean shutdown; after a forced one, stop it here.
  for _ in $(seq 1 20); do [ -n "$pg" ] && kill -0 "$pg" 2>/dev/null || break; sleep 0.5; done
  if [ -n "$pg" ] && kill -0 "$pg" 2>/dev/null; then stop_process "$pg" "embedded PostgreSQL"; fi
  if [ "$KEEP_WORK" = 1 ] || [ $rc -ne 0 ]; then
    log "logs and data kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port VAR: a probe closes its socket, so the OS may hand out the same port twice; never reuse
# one in this run (set in this shell, not a subshell, so the list of used ports is kept).
USED_PORTS=" "
free_port() {
  local p
  while :; do
    p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    case "$USED_PORTS" in *" $p "*) continue ;; esac
    USED_PORTS="$USED_PORTS$p "
    printf -v "$1" '%s' "$p"
    return
  done
}

# ---------------------------------------------------------------- jars
log "resolving Apache Kafka 4.3.1 broker and tools jars with Maven"
KAFKA_CP_FILE=$WORK/kafka.classpath
mvn_cp() { mvn -B -q "$@" -f "$BENCH/kafka-compare/pom.xml" \
  org.apache.maven.plugins:maven-dependency-plugin:2.8:build-classpath \
  -Dmdep.outputFile="$KAFKA_CP_FILE" -Dmdep.includeScope=runtime >"$WORK/mvn.log" 2>&1; }
mvn_cp -o || mvn_cp || { cat "$WORK/mvn.log" >&2; exit 1; }
KAFKA_CP=$(cat "$KAFKA_CP_FILE")

STRATA_JAR=$ROOT/target/quarkus-app/quarkus-run.jar
if [ ! -f "$STRATA_JAR" ]; then
  log "packaging Strata (mvn package -DskipTests)"
  (cd "$ROOT" && { mvn -B -q -o -DskipTests package || mvn -B -q -DskipTests package; }) >"$WORK/strata-build.log" 2>&1 \
    || { tail -50 "$WORK/strata-build.log" >&2; exit 1; }
fi

# A tool run bounded by TOOL_TIMEOUT, waited for in the background so a TERM reaches the trap at once.
bounded() {
  local rc=0
  timeout "$TOOL_TIMEOUT" "$@" &
  TOOL_PID=$!
  wait "$TOOL_PID" || rc=$?
  TOOL_PID=""
  return $rc
}

kjava() { java -Xmx512m -cp "$KAFKA_CP" "$@"; }

# ---------------------------------------------------------------- Apache Kafka
free_port KAFKA_PORT
free_port KAFKA_CONTROLLER_PORT
mkdir -p "$WORK/kafka/logs"
cat >"$WORK/kafka/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$WORK/kafka/logs
num.partitions=$PARTITIONS
offsets.topic.replication.factor=1
share.coordinator.state.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
log "formatting and starting Apache Kafka on 127.0.0.1:$KAFKA_PORT"
CLUSTER_ID=$(kjava kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
kjava kafka.tools.StorageTool format --standalone -t "$CLUSTER_ID" -c "$WORK/kafka/server.properties" \
  >"$WORK/kafka/format.log" 2>&1 || { cat "$WORK/kafka/format.log" >&2; exit 1; }
# shellcheck disable=SC2086
java $BROKER_JVM_OPTS -cp "$KAFKA_CP" kafka.Kafka "$WORK/kafka/server.properties" >"$WORK/kafka/broker.log" 2>&1 &
KAFKA_PID=$!

# ---------------------------------------------------------------- Strata
free_port STRATA_PORT
free_port STRATA_HTTP_PORT
mkdir -p "$WORK/strata"
log "starting Strata on 127.0.0.1:$STRATA_PORT (embedded PostgreSQL, auth off)"
# shellcheck disable=SC2086
STRATA_DATA_DIR=$WORK/strata/data STRATA_KAFKA_PORT=$STRATA_PORT STRATA_KAFKA_ADVERTISED_HOST=127.0.0.1 \
QUARKUS_HTTP_PORT=$STRATA_HTTP_PORT QUARKUS_HTTP_HOST=127.0.0.1 STRATA_AUTH_MODE=none \
  java $BROKER_JVM_OPTS $STRATA_EXTRA_OPTS -jar "$STRATA_JAR" >"$WORK/strata/broker.log" 2>&1 &
STRATA_PID=$!

wait_until() { # description seconds command...
  local what=$1 limit=$2 i; shift 2
  for i in $(seq 1 "$limit"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  log "$what did not come up within ${limit}s"; return 1
}
topics() { timeout 60 java -Xmx256m -cp "$KAFKA_CP" org.apache.kafka.tools.TopicCommand --bootstrap-server "$1" "${@:2}"; }
strata_ready() { curl -sf "http://127.0.0.1:$STRATA_HTTP_PORT/q/health/ready"; }
wait_until "Apache Kafka" 120 topics "127.0.0.1:$KAFKA_PORT" --list || { tail -30 "$WORK/kafka/broker.log" >&2; exit 1; }
wait_until "Strata" 120 strata_ready || { tail -30 "$WORK/strata/broker.log" >&2; exit 1; }
wait_until "Strata's Kafka listener" 30 topics "127.0.0.1:$STRATA_PORT" --list || exit 1
log "both brokers are up (kafka pid $KAFKA_PID, strata pid $STRATA_PID)"

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# ---------------------------------------------------------------- workloads
RESULTS=$WORK/results.tsv
: >"$RESULTS"

bootstrap_of() { [ "$1" = kafka ] && echo "127.0.0.1:$KAFKA_PORT" || echo "127.0.0.1:$STRATA_PORT"; }
pid_of() { [ "$1" = kafka ] && echo "$KAFKA_PID" || echo "$STRATA_PID"; }

produce() { # broker workload-name topic records size acks
  local broker=$1 name=$2 topic=$3 records=$4 size=$5 acks=$6 out line
  local bs; bs=$(bootstrap_of "$broker")
  topics "$bs" --create --topic "$topic" --partitions "$PARTITIONS" --replication-factor 1 >>"$WORK/topics.log" 2>&1
  out=$WORK/$broker-$topic-produce.log
  log "$broker: $name"
  # The producer's defaults otherwise: idempotent (InitProducerId) for acks=all, as Kafka 4 clients are.
  bounded java -Xmx1g -cp "$KAFKA_CP" org.apache.kafka.tools.ProducerPerformance \
    --topic "$topic" --num-records "$records" --record-size "$size" --throughput -1 \
    --producer-props bootstrap.servers="$bs" acks="$acks" >"$out" 2>&1 \
    || { log "$broker: ProducerPerformance failed, see $out"; tail -5 "$out" >&2; }
  # "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, a ms 50th, b ms 95th, c ms 99th, d ms 99.9th."
  line=$(grep -E '^[0-9]+ records sent' "$out" | tail -1 || true)
  if [ -n "$line" ]; then
    echo "$line" | sed -E 's/^([0-9]+) records sent, ([0-9.]+) records\/sec \(([0-9.]+) MB\/sec\), ([0-9.]+) ms avg latency, [0-9.]+ ms max latency, [0-9]+ ms 50th, [0-9]+ ms 95th, ([0-9]+) ms 99th.*/\1 \2 \3 \4 \5/' \
      | { read -r n rps mbs avg p99; printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$broker" "$n" "$rps" "$mbs" "$avg" "$p99" "$(rss_mb "$(pid_of "$broker")")"; } >>"$RESULTS"
  else
    printf '%s\t%s\tFAILED\t0\t0\t-\t-\t%s\n' "$name" "$broker" "$(rss_mb "$(pid_of "$broker")")" >>"$RESULTS"
  fi
}

consume() { # broker workload-name topic records
  local broker=$1 name=$2 topic=$3 records=$4 out line
  local bs; bs=$(bootstrap_of "$broker")
  out=$WORK/$broker-$topic-consume.log
  log "$broker: $name"
  bounded java -Xmx1g -cp "$KAFKA_CP" org.apache.kafka.tools.ConsumerPerformance \
    --bootstrap-server "$bs" --topic "$topic" --num-records "$records" --timeout 60000 >"$out" 2>&1 \
    || { log "$broker: ConsumerPerformance failed, see $out"; tail -5 "$out" >&2; }
  # start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
  # fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec -- the fetch.* rates leave out the group join.
  line=$(grep -A1 '^start.time' "$out" | tail -1 || true)
  if [ -n "$line" ] && ! echo "$line" | grep -q '^start.time'; then
    echo "$line" | awk -F', *' -v name="$name" -v broker="$broker" -v rss="$(rss_mb "$(pid_of "$broker")")" \
      '{ printf "%s\t%s\t%s\t%s\t%s\t-\t-\t%s\n", name, broker, $5, $10, $9, rss }' >>"$RESULTS"
  else
    printf '%s\t%s\tFAILED\t0\t0\t-\t-\t%s\n' "$name" "$broker" "$(rss_mb "$(pid_of "$broker")")" >>"$RESULTS"
  fi
}

# Each workload runs on Kafka, then on Strata, so both see the same machine state.
for broker in kafka strata; do produce "$broker" "produce 100 B acks=1"   small-acks1   "$SMALL_RECORDS" 100 1;   done
for broker in kafka strata; do produce "$broker" "produce 100 B acks=all" small-acksall "$SMALL_RECORDS" 100 all; done
for broker in kafka strata; do produce "$broker" "produce 1 KiB acks=1"   large-acks1   "$LARGE_RECORDS" 1024 1;  done
for broker in kafka strata; do produce "$broker" "produce 1 KiB acks=all" large-acksall "$LARGE_RECORDS" 1024 all; done
for broker in kafka strata; do consume "$broker" "consume 100 B"          small-acks1   "$SMALL_RECORDS"; done
for broker in kafka strata; do consume "$broker" "consume 1 KiB"          large-acks1   "$LARGE_RECORDS"; done

# ---------------------------------------------------------------- table
PG_PIDS=$( { pg_pid; descendants "$(pg_pid)"; } | tr '\n' ' ')
PG_RSS=0
for p in $PG_PIDS; do r=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0); PG_RSS=$((PG_RSS + r)); done

table() {
  echo "Apache Kafka 4.3.1 (KRaft, single node) vs Strata $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "records: ${SMALL_RECORDS} x 100 B, ${LARGE_RECORDS} x 1 KiB; ${PARTITIONS} partitions; JVM opts for both brokers: $BROKER_JVM_OPTS"
  echo "ratio = Strata/Kafka records/s (>= 1.0: Strata at least as fast); p99 ratio = Kafka/Strata p99 latency (>= 1.0: Strata at least as low)"
  echo
  awk -F'\t' '
    BEGIN { printf "%-24s %-7s %10s %12s %9s %9s %8s %9s %7s %9s\n", "workload", "broker", "records", "records/s", "MB/s", "avg ms", "p99 ms", "RSS MB", "ratio", "p99 ratio"
            printf "%-24s %-7s %10s %12s %9s %9s %8s %9s %7s %9s\n", "--------", "------", "-------", "---------", "----", "------", "------", "------", "-----", "---------" }
    {
      ratio = "-"; pratio = "-"
      if ($2 == "kafka") { krps[$1] = $4; kp99[$1] = $7 }
      else {
        if (krps[$1] > 0) ratio = sprintf("%.2f", $4 / krps[$1])
        if ($7 != "-" && $7 > 0 && kp99[$1] != "") pratio = sprintf("%.2f", kp99[$1] / $7)
        else if ($7 == "0" && kp99[$1] != "") pratio = (kp99[$1] == 0 ? "1.00" : "inf")
      }
      printf "%-24s %-7s %10s %12.0f %9.2f %9s %8s %9s %7s %9s\n", $1, $2, $3, $4, $5, $6, $7, $8, ratio, pratio
    }' "$RESULTS"
  echo
  echo "RSS is VmRSS of the broker JVM right after its run. Peak (VmHWM): kafka $(hwm_mb "$KAFKA_PID") MB, strata $(hwm_mb "$STRATA_PID") MB."
  echo "Strata's embedded PostgreSQL (not in the column): $((PG_RSS / 1024)) MB summed VmRSS over pids ${PG_PIDS:-none} (shared memory counted in each)."
  echo "Consumer rows use ConsumerPerformance's fetch.nMsg.sec / fetch.MB.sec (group join excluded)."
}
table | tee ${BENCH_OUT:+"$BENCH_OUT"}
