package io.strata.log;

import io.strata.common.StrataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.strata.log.TestBatches.TP;
import static io.strata.log.TestBatches.bytes;
import static io.strata.log.TestBatches.string;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compaction against a model: the model holds each key's latest value (null for a tombstone) and the time the
 * tombstone was written; after every cleaner pass and every simulated crash the whole log, read from its start,
 * must give exactly the model's latest value for every key, with offsets strictly increasing.
 */
class LogCleanerTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long DELETE_RETENTION_MS = 60_000L;
    private static final CompressionCodec[] CODECS = CompressionCodec.values();

    @TempDir
    Path tmp;
    private final MockTime time = new MockTime(NOW);
    private final List<PartitionLog> opened = new ArrayList<>();

    /** Latest value per key (null = tombstone) and when each current tombstone was appended. */
    private final Map<String, String> model = new LinkedHashMap<>();
    private final Map<String, Long> tombstoneAppendedMs = new HashMap<>();

    @AfterEach
    void closeLogs() {
        for (PartitionLog log : opened) {
            log.closeAbruptly();
        }
    }

    private Map<String, String> compactConfig(String segmentBytes) {
        return Map.of("cleanup.policy", "compact", "segment.bytes", segmentBytes, "index.interval.bytes", "512",
                "delete.retention.ms", Long.toString(DELETE_RETENTION_MS), "min.cleanable.dirty.ratio", "0.3");
    }

    private PartitionLog open(Map<String, String> overrides) {
        PartitionLog log = PartitionLog.open(tmp.resolve(TP.dirName()), TP, TestBatches.config(overrides), time);
        opened.add(log);
        return log;
    }

    private LogCleaner cleaner(PartitionLog log) {
        return new LogCleaner(tmp, time, LogCleaner.Settings.DEFAULT, () -> List.of(log));
    }

    /** Appends one batch of (key, value) pairs in order and records them in the model. */
    private void put(PartitionLog log, CompressionCodec codec, List<String[]> kvs) {
        List<SimpleRecordData> records = new ArrayList<>();
        for (String[] kv : kvs) {
            records.add(new SimpleRecordData(time.milliseconds(), bytes(kv[0]), bytes(kv[1]),
                    List.of(new Header("h", bytes("hdr-" + kv[0])))));
            model.put(kv[0], kv[1]);
            if (kv[1] == null) {
                tombstoneAppendedMs.put(kv[0], time.milliseconds());
            } else {
                tombstoneAppendedMs.remove(kv[0]);
            }
        }
        log.appendAsLeader(RecordBatches.build(codec, records), 0);
        log.updateHighWatermark(log.logEndOffset());
    }

    /** Every record of the log from its start, in offset order. */
    private static List<DecodedRecord> readAll(PartitionLog log) {
        List<DecodedRecord> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            ReadResult r = log.read(offset, 1 << 20, log.logEndOffset(), true);
            if (r.isEmpty()) {
                break;
            }
            out.addAll(RecordBatches.decode(r.records()));
            offset = r.nextOffset();
        }
        return out;
    }

    /**
     * Offsets strictly increase; the last record of every key is the model's latest value (headers and all); a
     * key is missing only when its latest record is a tombstone older than delete.retention.ms.
     */
    private void assertMatchesModel(PartitionLog log) {
        List<DecodedRecord> records = readAll(log);
        Map<String, DecodedRecord> last = new HashMap<>();
        long previous = -1;
        for (DecodedRecord r : records) {
            assertTrue(r.offset() > previous, "offsets must strictly increase: " + r.offset() + " after " + previous);
            previous = r.offset();
            String key = string(r.key());
            assertTrue(model.containsKey(key), "unknown key " + key);
            assertEquals(1, r.headers().size());
            assertArrayEquals(bytes("hdr-" + key), r.headers().get(0).value(), "headers survive cleaning");
            last.put(key, r);
        }
        for (Map.Entry<String, String> e : model.entrySet()) {
            DecodedRecord r = last.get(e.getKey());
            if (r != null) {
                assertEquals(e.getValue(), string(r.value()), "latest value of " + e.getKey());
            } else {
                assertNull(e.getValue(), "only a deleted key may vanish: " + e.getKey());
                long tombstoneAgeMs = time.milliseconds() - tombstoneAppendedMs.get(e.getKey());
                assertTrue(tombstoneAgeMs >= DELETE_RETENTION_MS, "tombstone of " + e.getKey()
                        + " removed after only " + tombstoneAgeMs + " ms");
            }
        }
    }

    /** Runs passes until the cleaner finds nothing eligible; returns how many did something. */
    private static int cleanUntilIdle(LogCleaner cleaner) {
        int n = 0;
        while (cleaner.cleanOnce().isPresent()) {
            n++;
            assertTrue(n < 100, "the cleaner must run out of work");
        }
        return n;
    }

    /** Writes random puts, updates and tombstones over {@code keys} keys, rolling now and then. */
    private void writeRandom(PartitionLog log, Random random, int batches, int keys) {
        for (int b = 0; b < batches; b++) {
            List<String[]> kvs = new ArrayList<>();
            int n = 1 + random.nextInt(8);
            for (int i = 0; i < n; i++) {
                String key = "key-" + random.nextInt(keys);
                String value = random.nextInt(10) == 0 ? null : "v" + b + "-" + i + "-" + "x".repeat(random.nextInt(40));
                kvs.add(new String[] {key, value});
            }
            put(log, CODECS[random.nextInt(CODECS.length)], kvs);
            time.sleep(random.nextInt(200));
            if (random.nextInt(40) == 0) {
                log.roll();
            }
        }
    }

    // ================================================================== model

    @Test
    void shouldReadBackModelsLatestValuesWhenUpdatesTombstonesRollsAndPassesInterleave() {
        PartitionLog log = open(compactConfig("6000"));
        LogCleaner cleaner = cleaner(log);
        Random random = new Random(20240607L);
        int passesThatCleaned = 0;
        for (int round = 0; round < 40; round++) {
            writeRandom(log, random, 60, 300);
            if (random.nextBoolean()) {
                time.sleep(random.nextInt(30_000));
            }
            Optional<LogCleaner.PassResult> pass = cleaner.cleanOnce();
            if (pass.isPresent()) {
                passesThatCleaned++;
                assertTrue(pass.get().completed());
            }
            assertMatchesModel(log);
        }
        assertTrue(passesThatCleaned >= 10, "the test must exercise the cleaner: " + passesThatCleaned + " passes");

        // Past every tombstone's horizon, with everything rolled, the closed segments hold one record per live key.
        // Tombstones of a section too small to reach the dirty ratio get their horizon only in the pass that a
        // due horizon forces, so two retention periods are needed for all of them to go.
        log.roll();
        for (int i = 0; i < 2; i++) {
            time.sleep(DELETE_RETENTION_MS + 1);
            cleanUntilIdle(cleaner);
            assertMatchesModel(log);
        }
        List<DecodedRecord> all = readAll(log);
        long live = model.values().stream().filter(v -> v != null).count();
        assertEquals(live, all.size(), "one record per live key, every tombstone gone");
        assertTrue(cleaner.bytesCleaned() > 0);
        assertTrue(cleaner.dirtyRatios().containsKey(TP));
    }

    @Test
    void shouldShrinkToAboutOneRecordPerKeyWhenHundredThousandUpdatesHitThousandKeys() {
        PartitionLog log = open(compactConfig("262144"));
        LogCleaner cleaner = cleaner(log);
        int updates = 100_000;
        for (int base = 0; base < updates; base += 100) {
            List<String[]> kvs = new ArrayList<>(100);
            for (int i = base; i < base + 100; i++) {
                kvs.add(new String[] {"key-" + (i % 1000), "value-" + i});
            }
            put(log, CompressionCodec.NONE, kvs);
        }
        log.roll();
        put(log, CompressionCodec.NONE, List.<String[]>of(new String[] {"key-0", "after-roll"}));
        long segmentsBefore = log.numberOfSegments();

        cleanUntilIdle(cleaner);

        List<DecodedRecord> all = readAll(log);
        int activeRecords = 1;
        assertTrue(all.size() <= 1000 + activeRecords, all.size() + " records left");
        assertEquals(100_000L + 1, log.logEndOffset(), "cleaning never moves the log end");
        assertMatchesModel(log);

        // As in Kafka, groups are formed from the sizes before cleaning: the now small segments merge next time.
        for (int i = 0; i < 1000; i += 100) {
            List<String[]> kvs = new ArrayList<>(100);
            for (int k = i; k < i + 100; k++) {
                kvs.add(new String[] {"key-" + k, "again-" + k});
            }
            put(log, CompressionCodec.NONE, kvs);
        }
        log.roll();
        assertTrue(cleaner.cleanOnce().isPresent());
        assertTrue(log.numberOfSegments() <= 2, "small cleaned segments are grouped: " + log.numberOfSegments()
                + " segments, " + segmentsBefore + " before");
        assertEquals(1000, readAll(log).size());
        assertMatchesModel(log);
    }

    @Test
    void shouldKeepTombstoneUntilDeleteRetentionAfterItWasCleanedWhenPassesRunLater() {
        PartitionLog log = open(compactConfig("100000"));
        LogCleaner cleaner = cleaner(log);
        put(log, CompressionCodec.NONE, List.<String[]>of(new String[] {"a", "1"}, new String[] {"b", "1"}));
        put(log, CompressionCodec.NONE, List.<String[]>of(new String[] {"a", null}));
        log.roll();
        time.sleep(10 * DELETE_RETENTION_MS); // written long ago: the clock only starts when it is cleaned
        assertTrue(cleaner.cleanOnce().isPresent());
        assertEquals(List.of("b=1", "a=null"), keyValues(readAll(log)), "the old value goes, the tombstone stays");

        time.sleep(DELETE_RETENTION_MS - 1);
        cleaner.cleanOnce();
        assertEquals(List.of("b=1", "a=null"), keyValues(readAll(log)), "one ms before its horizon");

        time.sleep(1);
        assertTrue(cleaner.cleanOnce().isPresent(), "a tombstone past its horizon makes the log eligible");
        assertEquals(List.of("b=1"), keyValues(readAll(log)));
        assertTrue(cleaner.cleanOnce().isEmpty(), "nothing left to do");
    }

    @Test
    void shouldKeepCodecOffsetsAndTimestampsWhenRebuildingCompressedBatches() throws IOException {
        PartitionLog log = open(compactConfig("100000"));
        LogCleaner cleaner = cleaner(log);
        put(log, CompressionCodec.ZSTD, List.<String[]>of(new String[] {"a", "1"}, new String[] {"b", "1"}, new String[] {"c", "1"}));
        time.sleep(5);
        put(log, CompressionCodec.LZ4, List.<String[]>of(new String[] {"b", "2"}));
        log.roll();
        List<DecodedRecord> before = readAll(log);

        assertTrue(cleaner.cleanOnce().isPresent());

        List<DecodedRecord> after = readAll(log);
        assertEquals(List.of(0L, 2L, 3L), after.stream().map(DecodedRecord::offset).toList(), "offset 1 is a gap now");
        assertEquals(before.get(2).timestampMs(), after.get(1).timestampMs());
        assertEquals(before.get(3).timestampMs(), after.get(2).timestampMs());
        List<BatchHeader> headers = new ArrayList<>();
        log.segments().get(0).forEachBatchHeader(headers::add);
        assertEquals(2, headers.size());
        assertEquals(CompressionCodec.ZSTD, headers.get(0).compression(), "rebuilt with the same codec");
        assertEquals(0L, headers.get(0).baseOffset());
        assertEquals(2L, headers.get(0).lastOffset(), "the last offset stays, for producer sequence numbers");
        assertEquals(2, headers.get(0).recordCount());
        assertEquals(CompressionCodec.LZ4, headers.get(1).compression());
    }

    @Test
    void shouldCleanOnlyAfterPolicyBecomesCompactWhenConfigChangesAtRuntime() {
        PartitionLog log = open(Map.of("segment.bytes", "100000"));
        LogCleaner cleaner = cleaner(log);
        put(log, CompressionCodec.NONE, List.<String[]>of(new String[] {"a", "1"}));
        put(log, CompressionCodec.NONE, List.<String[]>of(new String[] {"a", "2"}));
        log.roll();
        assertTrue(cleaner.cleanOnce().isEmpty(), "delete policy: never compacted");
        assertEquals(2, readAll(log).size());

        log.updateConfig(log.config().with("cleanup.policy", "compact,delete"));

        assertTrue(cleaner.cleanOnce().isPresent());
        assertEquals(List.of("a=2"), keyValues(readAll(log)));
    }

    @Test
    void shouldNotCleanSegmentsNewerThanMinCompactionLagWhenLagIsSet() {
        Map<String, String> cfg = new HashMap<>(compactConfig("100000"));
        cfg.put("min.compaction.lag.ms", "10000");
        PartitionLog log = open(cfg);
        LogCleaner cleaner = cleaner(log);
        put(log, CompressionCodec.NONE, List.<String[]>of(new String[] {"a", "1"}));
        put(log, CompressionCodec.NONE, List.<String[]>of(new String[] {"a", "2"}));
        log.roll();
        assertTrue(cleaner.cleanOnce().isEmpty(), "records younger than min.compaction.lag.ms stay");
        time.sleep(10_000);
        assertTrue(cleaner.cleanOnce().isPresent());
        assertEquals(List.of("a=2"), keyValues(readAll(log)));
    }

    @Test
    void shouldNeverTouchActiveSegmentOrDataAboveHighWatermarkWhenCleaning() {
        PartitionLog log = open(compactConfig("100000"));
        LogCleaner cleaner = cleaner(log);
        put(log, CompressionCodec.NONE, List.<String[]>of(new String[] {"a", "1"}));
        put(log, CompressionCodec.NONE, List.<String[]>of(new String[] {"a", "2"}));
        assertTrue(cleaner.cleanOnce().isEmpty(), "only the active segment: nothing cleanable");
        log.roll();
        log.updateHighWatermark(1);
        assertTrue(cleaner.cleanOnce().isEmpty(), "a segment reaching above the high watermark is not cleanable");
        assertEquals(2, readAll(log).size());
    }

    @Test
    void shouldWriteKafkaFormatCheckpointWhenLogManagerRunsAPass() throws IOException {
        LogManager manager = new LogManager(tmp.resolve("data"), time, 1);
        manager.startup();
        try {
            PartitionLog log = manager.getOrCreateLog(TP, "", TestBatches.config(compactConfig("100000")));
            put(log, CompressionCodec.NONE, List.<String[]>of(new String[] {"a", "1"}));
            put(log, CompressionCodec.NONE, List.<String[]>of(new String[] {"a", "2"}));
            log.roll();
            Optional<LogCleaner.PassResult> pass = manager.cleanOnce();
            assertTrue(pass.isPresent());
            assertEquals(1, pass.get().recordsRemoved());
            assertEquals(List.of("0", "1", "orders 0 2"),
                    Files.readAllLines(tmp.resolve("data").resolve(LogCleaner.CHECKPOINT_FILE)));
            assertEquals(Optional.of(2L), manager.cleaner().firstDirtyOffset(TP));
        } finally {
            manager.shutdown();
        }
    }

    // ================================================================== crashes

    @Test
    void shouldReadBackModelAfterRestartWhenSwapFailsAtEachStep() throws IOException {
        for (PartitionLog.SwapStep step : PartitionLog.SwapStep.values()) {
            Path dir = tmp.resolve(step.name()).resolve(TP.dirName());
            model.clear();
            tombstoneAppendedMs.clear();
            LogConfig cfg = TestBatches.config(compactConfig("3000"));
            PartitionLog log = PartitionLog.open(dir, TP, cfg, time);
            opened.add(log);
            writeRandom(log, new Random(step.ordinal()), 150, 50);
            log.roll();
            LogCleaner cleaner = new LogCleaner(dir.getParent(), time, LogCleaner.Settings.DEFAULT, () -> List.of(log));
            cleaner.swapHook(reached -> {
                if (reached == step) {
                    throw new SimulatedCrash(step);
                }
            });

            assertThrows(SimulatedCrash.class, cleaner::cleanOnce);
            if (step != PartitionLog.SwapStep.CLEANED_WRITTEN) {
                assertThrows(StrataException.class, () -> log.appendAsLeader(TestBatches.batch(1, NOW, "z"), 0),
                        "a log whose swap failed goes offline");
            }
            log.closeAbruptly();

            PartitionLog reopened = PartitionLog.open(dir, TP, cfg, time);
            opened.add(reopened);
            assertMatchesModel(reopened);
            try (Stream<Path> files = Files.list(dir)) {
                List<String> leftovers = files.map(f -> f.getFileName().toString())
                        .filter(n -> n.endsWith(".cleaned") || n.endsWith(".swap") || n.endsWith(".deleted")).toList();
                assertEquals(List.of(), leftovers, "start-up finishes or rolls back the swap at " + step);
            }
            // The recovered log cleans normally.
            reopened.updateHighWatermark(reopened.logEndOffset());
            LogCleaner again = new LogCleaner(dir.getParent(), time, LogCleaner.Settings.DEFAULT, () -> List.of(reopened));
            time.sleep(DELETE_RETENTION_MS + 1);
            cleanUntilIdle(again);
            assertMatchesModel(reopened);
        }
    }

    @Test
    void shouldCompleteSwapWhenCrashLeftSwapFileAndSomeOldSegmentsOnDisk() throws IOException {
        Path dir = tmp.resolve(TP.dirName());
        LogConfig cfg = TestBatches.config(compactConfig("3000"));
        PartitionLog log = PartitionLog.open(dir, TP, cfg, time);
        opened.add(log);
        writeRandom(log, new Random(7), 150, 40);
        log.roll();
        // Keep copies of the old segments as a crash could leave them: deleted by a swap that never finished.
        Map<String, byte[]> oldFiles = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().endsWith(".log")) {
                    oldFiles.put(f.getFileName().toString(), Files.readAllBytes(f));
                }
            }
        }
        LogCleaner cleaner = new LogCleaner(tmp, time, LogCleaner.Settings.DEFAULT, () -> List.of(log));
        cleaner.swapHook(reached -> {
            if (reached == PartitionLog.SwapStep.SWAP_RENAMED) {
                throw new SimulatedCrash(reached);
            }
        });
        assertThrows(SimulatedCrash.class, cleaner::cleanOnce);
        log.closeAbruptly();
        // Turn the finished first group back into "swap written, old segments still there".
        Path swapLog = null;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".log") && oldFiles.containsKey(name) && swapLog == null) {
                    swapLog = f.resolveSibling(name + ".swap");
                    Files.move(f, swapLog);
                }
            }
        }
        assertTrue(swapLog != null);
        for (Map.Entry<String, byte[]> e : oldFiles.entrySet()) {
            if (!Files.exists(dir.resolve(e.getKey()))) {
                Files.write(dir.resolve(e.getKey()), e.getValue());
            }
        }

        PartitionLog reopened = PartitionLog.open(dir, TP, cfg, time);
        opened.add(reopened);

        assertMatchesModel(reopened);
        assertFalse(Files.exists(swapLog));
    }

    private static List<String> keyValues(List<DecodedRecord> records) {
        return records.stream().map(r -> string(r.key()) + "=" + string(r.value())).toList();
    }

    /** Thrown by a swap hook to stop a pass where a crash would. */
    private static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(PartitionLog.SwapStep step) {
            super("simulated crash at " + step);
        }
    }
}
