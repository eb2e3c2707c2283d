package io.strata.log.bench;

import io.strata.common.Time;
import io.strata.common.TopicPartition;
import io.strata.log.CompressionCodec;
import io.strata.log.LogCleaner;
import io.strata.log.LogConfig;
import io.strata.log.LogManager;
import io.strata.log.PartitionLog;
import io.strata.log.RecordBatches;
import io.strata.log.SimpleRecordData;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Log cleaner throughput: writes {@code --total-mb} of keyed updates (100-byte values, 100 records a batch) over
 * {@code --keys} keys to one compacted log with 64 MiB segments, rolls, then times one cleaning pass through
 * {@link LogManager#cleanOnce()} (offset map build plus rewrite plus swap; page cache warm, as right after the
 * writes). Throughput is the bytes of the segments rewritten per second of pass time. Lives under src/test so it
 * stays out of the jar.
 *
 * <pre>
 * CleanerBench --dir DIR [--total-mb 512] [--keys 100000] [--codec none|lz4|zstd|...]
 * </pre>
 * Prints {@code key=value} lines.
 */
public final class CleanerBench {

    private static final TopicPartition TP = new TopicPartition("bench-compact", 0);

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path dir = Path.of(opts.getOrDefault("dir", Files.createTempDirectory("cleaner-bench").toString()));
        long totalBytes = Long.parseLong(opts.getOrDefault("total-mb", "512")) << 20;
        int keys = Integer.parseInt(opts.getOrDefault("keys", "100000"));
        CompressionCodec codec = CompressionCodec.valueOf(opts.getOrDefault("codec", "none").toUpperCase());

        LogManager manager = new LogManager(dir, Time.SYSTEM, 1);
        manager.startup();
        try {
            LogConfig config = LogConfig.fromOverrides(Map.of("cleanup.policy", "compact", "segment.bytes",
                    Integer.toString(64 << 20), "min.cleanable.dirty.ratio", "0.01"));
            PartitionLog log = manager.getOrCreateLog(TP, "", config);
            byte[] value = "v".repeat(100).getBytes(StandardCharsets.UTF_8);
            long written = 0;
            long n = 0;
            while (written < totalBytes) {
                List<SimpleRecordData> records = new ArrayList<>(100);
                for (int i = 0; i < 100; i++, n++) {
                    byte[] key = ("key-" + (n * 7919 % keys)).getBytes(StandardCharsets.UTF_8);
                    records.add(new SimpleRecordData(System.currentTimeMillis(), key, value));
                }
                written += log.appendAsLeader(RecordBatches.build(codec, records), 0).validBytes();
            }
            log.roll();
            log.flush(log.logEndOffset());
            log.updateHighWatermark(log.logEndOffset());
            System.out.println("records=" + n);
            System.out.println("log_bytes=" + log.sizeInBytes());
            Optional<LogCleaner.PassResult> pass = manager.cleanOnce();
            LogCleaner.PassResult r = pass.orElseThrow();
            System.out.println("segments_before=" + r.segmentsBefore() + " segments_after=" + r.segmentsAfter());
            System.out.println("bytes_before=" + r.bytesBefore() + " bytes_after=" + r.bytesAfter());
            System.out.println("records_kept=" + r.recordsKept() + " records_removed=" + r.recordsRemoved());
            System.out.printf("pass_ms=%.0f%n", r.durationNs() / 1e6);
            System.out.printf("cleaner_mib_per_s=%.1f%n", r.mibPerSecond());
        } finally {
            manager.shutdown();
        }
    }
}
