#!/usr/bin/env bash
# HTTP produce benchmark: records/s through POST .../records:batch with 100-byte records.
# Starts one broker (embedded PostgreSQL, auth off) on loopback, drives it with wrk, and counts the
# records actually stored (sum of log end offsets) rather than trusting the client's arithmetic.
# Usage: bench/http-produce-bench.sh [seconds=20] [connections=8] [entries-per-request=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20}; connections=${2:-8}; entries=${3:-1000}

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
jar=target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package

work=$(mktemp -d /tmp/strata-http-bench.XXXXXX)
# Both ports from sockets held open together, so they cannot come out equal.
read -r http_port kafka_port < <(python3 -c 'import socket
a=socket.socket(); a.bind(("127.0.0.1",0)); b=socket.socket(); b.bind(("127.0.0.1",0))
print(a.getsockname()[1], b.getsockname()[1])')
STRATA_AUTH_MODE=none STRATA_DATA_DIR="$work/data" QUARKUS_HTTP_PORT=$http_port STRATA_KAFKA_PORT=$kafka_port \
  java -Xmx1g ${JAVA_OPTS:-} -jar "$jar" > "$work/broker.log" 2>&1 &
broker=$!
cleanup() { kill "$broker" 2>/dev/null || true; wait "$broker" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

base=http://127.0.0.1:$http_port
for _ in $(seq 1 300); do
  curl -sf "$base/q/health/started" >/dev/null 2>&1 && break
  sleep 0.2
done
cid=$(curl -sf "$base/v3/clusters" | python3 -c 'import json,sys;print(json.load(sys.stdin)["data"][0]["cluster_id"])')
curl -sf -XPOST "$base/v3/clusters/$cid/topics" -H 'Content-Type: application/json' \
  -d '{"topic_name":"bench","partitions_count":6,"replication_factor":1}' >/dev/null

python3 - "$entries" > "$work/body.json" <<'PY'
import json, sys
n = int(sys.argv[1])
print(json.dumps({"entries": [{"id": str(i), "value": {"type": "STRING", "data": ("%06d" % i) + "x" * 94}}
                              for i in range(n)]}))
PY
cat > "$work/post.lua" <<LUA
local f = io.open("$work/body.json", "r")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local bad = 0
response = function(status, headers, body)
  if status ~= 207 or not string.find(body, '"failures":%[%]') then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, non-207-or-failed %d\n", summary.requests, bad))
end
LUA

# Warm-up (JIT), then the measured run.
wrk -t2 -c"$connections" -d5s -s "$work/post.lua" "$base/v3/clusters/$cid/topics/bench/records:batch" >/dev/null
before=$(curl -sf "$base/v3/clusters/$cid/topics/bench/partitions" | python3 -c 'import json,sys;print(sum(p["log_end_offset"] for p in json.load(sys.stdin)["data"]))')
start=$(date +%s.%N)
wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/post.lua" "$base/v3/clusters/$cid/topics/bench/records:batch" | tee "$work/wrk.txt"
end=$(date +%s.%N)
after=$(curl -sf "$base/v3/clusters/$cid/topics/bench/partitions" | python3 -c 'import json,sys;print(sum(p["log_end_offset"] for p in json.load(sys.stdin)["data"]))')
rss_kb=$(awk '/VmRSS/{print $2}' /proc/$broker/status)
python3 - "$before" "$after" "$start" "$end" "$rss_kb" "$entries" "$connections" <<'PY'
import sys
before, after, start, end, rss, entries, conns = sys.argv[1:]
stored = int(after) - int(before)
secs = float(end) - float(start)
print(f"\nHTTP records:batch, {entries} x 100-byte records per request, {conns} connections:")
print(f"  stored {stored} records in {secs:.1f} s = {stored/secs:,.0f} records/s "
      f"({stored*100/secs/1e6:.1f} MB/s of values), broker RSS {int(rss)/1024:.0f} MiB")
PY
