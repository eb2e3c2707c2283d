package io.strata.log.bench;

import io.strata.common.Time;
import io.strata.common.TopicPartition;
import io.strata.log.GroupCommitFlusher;
import io.strata.log.LogConfig;
import io.strata.log.LogManager;
import io.strata.log.PartitionLog;
import io.strata.log.ReadResult;
import io.strata.log.RecordBatches;
import io.strata.log.SimpleRecordData;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Append and read throughput of one partition log through the public API, with durability from the
 * {@link GroupCommitFlusher}: 1 KiB records in 16 KiB batches, one flush request every {@code --flush-every}
 * batches (64 = 1 MiB), at most {@code --inflight} flushes outstanding (1 = wait for each fsync before
 * appending more, the cadence of {@code dd oflag=dsync}). Lives under src/test so it stays out of the jar.
 *
 * <pre>
 * LogBench --dir DIR [--total-mb 1024] [--flush-every 64] [--inflight 1] [--phase both|append|read]
 * </pre>
 * Prints {@code key=value} lines for bench/log-bench.sh.
 */
public final class LogBench {

    private static final TopicPartition TP = new TopicPartition("bench", 0);
    private static final TopicPartition WARMUP = new TopicPartition("bench-warmup", 0);
    private static final int RECORD_BYTES = 1024;
    private static final int RECORDS_PER_BATCH = 16;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        Path dir = Path.of(required(opts, "dir"));
        long totalMb = Long.parseLong(opts.getOrDefault("total-mb", "1024"));
        int flushEvery = Integer.parseInt(opts.getOrDefault("flush-every", "64"));
        int inflight = Integer.parseInt(opts.getOrDefault("inflight", "1"));
        String phase = opts.getOrDefault("phase", "both");

        ByteBuffer template = buildBatch();
        long batches = totalMb * 1024 * 1024 / (RECORDS_PER_BATCH * RECORD_BYTES);
        System.out.println("batch_bytes=" + template.remaining());
        System.out.println("batches=" + batches);

        if (!phase.equals("read")) {
            LogManager manager = new LogManager(dir, Time.SYSTEM, 2);
            manager.startup();
            try (GroupCommitFlusher flusher = new GroupCommitFlusher()) {
                PartitionLog warm = manager.getOrCreateLog(WARMUP, "warmup", LogConfig.DEFAULT);
                append(warm, flusher, template, Math.min(batches, 4096), flushEvery, inflight);
                manager.deleteLog(WARMUP);

                PartitionLog log = manager.getOrCreateLog(TP, "bench", LogConfig.DEFAULT);
                long start = System.nanoTime();
                long bytes = append(log, flusher, template, batches, flushEvery, inflight);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("append_bytes=%d%n", bytes);
                System.out.printf("append_seconds=%.3f%n", seconds);
                System.out.printf("append_mb_s=%.1f%n", bytes / seconds / 1e6);
                System.out.println("flush_requests=" + flusher.requestCount());
                System.out.println("fsyncs=" + log.fsyncCount());
                System.out.println("segments=" + log.numberOfSegments());
            }
            manager.shutdown();
        }
        if (!phase.equals("append")) {
            LogManager manager = new LogManager(dir, Time.SYSTEM, 2);
            manager.startup();
            PartitionLog log = manager.getLog(TP).orElseThrow(() -> new IllegalStateException("nothing appended in " + dir));
            long start = System.nanoTime();
            long bytes = 0;
            long next = log.logStartOffset();
            long end = log.logEndOffset();
            while (next < end) {
                ReadResult r = log.read(next, 1 << 20, end, true);
                bytes += r.sizeInBytes();
                next = r.nextOffset();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("read_bytes=%d%n", bytes);
            System.out.printf("read_seconds=%.3f%n", seconds);
            System.out.printf("read_mb_s=%.1f%n", bytes / seconds / 1e6);
            manager.shutdown();
        }
    }

    /** Appends {@code batches} copies of the template; returns bytes appended once all flushes completed. */
    private static long append(PartitionLog log, GroupCommitFlusher flusher, ByteBuffer template, long batches,
                               int flushEvery, int inflight) {
        ArrayDeque<CompletableFuture<Void>> outstanding = new ArrayDeque<>();
        long bytes = 0;
        for (long i = 1; i <= batches; i++) {
            // Stamping only touches the base offset and epoch, so one buffer can be appended again and again.
            bytes += log.appendAsLeader(template.duplicate(), 0).validBytes();
            if (i % flushEvery == 0 || i == batches) {
                outstanding.add(flusher.flush(log, log.logEndOffset()));
                while (outstanding.size() >= inflight) {
                    outstanding.poll().join();
                }
            }
        }
        outstanding.forEach(CompletableFuture::join);
        return bytes;
    }

    private static ByteBuffer buildBatch() {
        Random random = new Random(1);
        List<SimpleRecordData> records = new ArrayList<>(RECORDS_PER_BATCH);
        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
            byte[] value = new byte[RECORD_BYTES];
            random.nextBytes(value);
            records.add(new SimpleRecordData(System.currentTimeMillis(), ("key-" + i).getBytes(), value));
        }
        return RecordBatches.build(records);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --option value pairs, got " + args[i]);
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }

    private static String required(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    private LogBench() {
    }
}
