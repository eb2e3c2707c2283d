#!/usr/bin/env bash
# Log append/read throughput against the disk's raw synchronous write rate, measured in the same run
# with the same fsync cadence.
#
#   bench/log-bench.sh [TOTAL_MB=1024] [FLUSH_EVERY_BATCHES=64] [INFLIGHT=1]
#   env: ROUNDS=3, BENCH_DIR=target/log-bench
#
# The log appends 1 KiB records in 16 KiB batches through PartitionLog and requests one group-commit
# flush (GroupCommitFlusher) per FLUSH_EVERY batches (64 = 1 MiB). INFLIGHT=1 waits for each fsync before
# appending more: exactly what `dd oflag=dsync bs=<FLUSH_EVERY x 16 KiB>` does (write a chunk, wait until
# it is on disk, repeat). INFLIGHT>1 lets appends continue while the previous fsync runs (how concurrent
# producers use group commit). dd and the log alternate for ROUNDS rounds and the medians are compared,
# because other load on the machine moves both. Data goes to BENCH_DIR, on the filesystem under test.
set -euo pipefail
cd "$(dirname "$0")/.."

TOTAL_MB=${1:-1024}
FLUSH_EVERY=${2:-64}
INFLIGHT=${3:-1}
ROUNDS=${ROUNDS:-3}
DIR=${BENCH_DIR:-target/log-bench}
CHUNK_KB=$((FLUSH_EVERY * 16))
COUNT=$((TOTAL_MB * 1024 / CHUNK_KB))

mvn -B -o -q test-compile
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="target/test-classes:target/classes:$(cat "$CP_FILE")"
JAVA=(java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Xms512m -Xmx512m -cp "$CP"
      io.strata.log.bench.LogBench)

raw_rate() { # MB/s (10^6 bytes) of one dd run that waits for the disk after every chunk
    rm -f "$DIR/dd.bin"
    dd if=/dev/zero of="$DIR/dd.bin" bs="${CHUNK_KB}K" count="$COUNT" oflag=dsync 2>&1 \
        | awk '/copied/ { for (i = 2; i <= NF; i++) if ($i == "s,") secs = $(i-1); printf "%.1f\n", $1 / secs / 1e6 }'
    rm -f "$DIR/dd.bin"
}

median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

rm -rf "$DIR"
mkdir -p "$DIR"
echo "# ${TOTAL_MB} MiB per run, fsync every ${FLUSH_EVERY} batches (${CHUNK_KB} KiB), inflight ${INFLIGHT}, ${ROUNDS} rounds, dir $DIR"
echo "# machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), fs $(df -T "$DIR" | awk 'NR==2 {print $2}')"
DD_RATES=()
LOG_RATES=()
for round in $(seq 1 "$ROUNDS"); do
    rm -rf "$DIR/log"
    DD_RATES+=("$(raw_rate)")
    OUT=$("${JAVA[@]}" --dir "$DIR/log" --total-mb "$TOTAL_MB" --flush-every "$FLUSH_EVERY" --inflight "$INFLIGHT" --phase append)
    LOG_RATES+=("$(echo "$OUT" | sed -n 's/^append_mb_s=//p')")
    echo "round $round: dd ${DD_RATES[-1]} MB/s, log ${LOG_RATES[-1]} MB/s ($(echo "$OUT" | grep -E '^(fsyncs|flush_requests)=' | tr '\n' ' '))"
done

# Cold read when the kernel lets us drop the page cache (root); otherwise it reads from the page cache.
sync
if echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then CACHE=cold; else CACHE=warm; fi
READ=$("${JAVA[@]}" --dir "$DIR/log" --total-mb "$TOTAL_MB" --phase read | sed -n 's/^read_mb_s=//p')

DD_MEDIAN=$(echo "${DD_RATES[*]}" | median)
LOG_MEDIAN=$(echo "${LOG_RATES[*]}" | median)
echo "raw_dd_median_mb_s=$DD_MEDIAN"
echo "log_append_median_mb_s=$LOG_MEDIAN"
awk -v a="$LOG_MEDIAN" -v b="$DD_MEDIAN" 'BEGIN { printf "log_vs_raw=%.0f%%\n", 100 * a / b }'
echo "log_sequential_read_mb_s=$READ ($CACHE page cache)"
rm -rf "$DIR"
