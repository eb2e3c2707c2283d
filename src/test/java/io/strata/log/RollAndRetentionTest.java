package io.strata.log;

import io.strata.common.ErrorKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

import static io.strata.log.PartitionLogAppendReadTest.assertKind;
import static io.strata.log.TestBatches.TP;
import static io.strata.log.TestBatches.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RollAndRetentionTest {

    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path tmp;
    private final MockTime time = new MockTime(NOW);
    private PartitionLog log;

    private PartitionLog open(Map<String, String> overrides) {
        log = PartitionLog.open(tmp.resolve(TP.dirName()), TP, TestBatches.config(overrides), time);
        return log;
    }

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
    }

    @Test
    void shouldRollWhenSegmentWouldExceedSegmentBytes() {
        open(Map.of("segment.bytes", "1000"));
        int batchBytes = batch(2, NOW, "aa").remaining();
        for (int i = 0; i < 40; i++) {
            log.appendAsLeader(batch(2, NOW, "aa"), 0);
        }
        List<LogSegment> segments = log.segments();
        int perSegment = 1000 / batchBytes;
        assertEquals((40 + perSegment - 1) / perSegment, segments.size());
        for (int i = 0; i < segments.size() - 1; i++) {
            assertTrue(segments.get(i).sizeInBytes() <= 1000);
            assertEquals(segments.get(i).nextOffset(), segments.get(i + 1).baseOffset(), "segments are contiguous");
        }
        assertEquals(80L, log.logEndOffset());
    }

    @Test
    void shouldRollWhenSegmentMsHasPassedSinceFirstAppend() {
        open(Map.of("segment.ms", "1000"));
        time.sleep(5000);
        log.appendAsLeader(batch(1, NOW, "a"), 0);
        assertEquals(1, log.numberOfSegments(), "an empty segment does not roll however old");
        time.sleep(1000);
        log.appendAsLeader(batch(1, NOW, "b"), 0);
        assertEquals(1, log.numberOfSegments());
        time.sleep(1);
        log.appendAsLeader(batch(1, NOW, "c"), 0);
        assertEquals(2, log.numberOfSegments());
        assertEquals(2L, log.activeSegment().baseOffset());
    }

    @Test
    void shouldRollWhenIndexIsFull() {
        open(Map.of("segment.index.bytes", "24", "index.interval.bytes", "0"));
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch(1, NOW + i, "i"), 0);
        }
        assertTrue(log.numberOfSegments() >= 3, "segments: " + log.numberOfSegments());
        assertEquals(10, RecordBatches.decode(PartitionLogAppendReadTest.readAll(log)).size());
    }

    @Test
    void shouldDeleteOnlyExpiredClosedSegmentsWhenRetentionMsPasses() throws IOException {
        open(Map.of("segment.bytes", "300", "retention.ms", "10000"));
        for (int i = 0; i < 20; i++) {
            log.appendAsLeader(batch(2, time.milliseconds(), "t"), 0);
            time.sleep(1000);
        }
        int before = log.numberOfSegments();
        assertTrue(before >= 5);
        assertEquals(0, log.deleteRetentionSegments(), "nothing is deleted above the high watermark");

        log.updateHighWatermark(log.logEndOffset());
        List<LogSegment> segments = log.segments();
        long cutoff = time.milliseconds() - 10000;
        long expired = segments.subList(0, segments.size() - 1).stream().takeWhile(s -> s.maxTimestampSoFar() < cutoff).count();
        assertTrue(expired > 0 && expired < before - 1, "expired " + expired + " of " + before + " " + segments);

        assertEquals(expired, log.deleteRetentionSegments());
        assertEquals(before - expired, log.numberOfSegments());
        assertEquals(log.segments().get(0).baseOffset(), log.logStartOffset());
        assertEquals(before - expired, countFiles(".log"), "deleted segment files are gone");

        time.sleep(1_000_000);
        long activeBase = log.activeSegment().baseOffset();
        log.deleteRetentionSegments();
        assertEquals(1, log.numberOfSegments(), "the active segment is never deleted");
        assertEquals(activeBase, log.logStartOffset());
        assertEquals(activeBase, log.read(activeBase, 1 << 20, log.logEndOffset(), true).firstBatchBaseOffset());
    }

    @Test
    void shouldDeleteOldestSegmentsWhileSizeExceedsRetentionBytes() {
        open(Map.of("segment.bytes", "600"));
        for (int i = 0; i < 30; i++) {
            log.appendAsLeader(batch(2, NOW, "s"), 0);
        }
        log.updateHighWatermark(log.logEndOffset());
        long total = log.sizeInBytes();
        long retention = total / 2;
        log.updateConfig(log.config().with("retention.bytes", Long.toString(retention)));

        long over = total - retention;
        int expected = 0;
        for (LogSegment s : log.segments().subList(0, log.numberOfSegments() - 1)) {
            if (over - s.sizeInBytes() < 0) {
                break;
            }
            over -= s.sizeInBytes();
            expected++;
        }
        assertEquals(expected, log.deleteRetentionSegments());
        assertTrue(log.sizeInBytes() >= retention);
        assertTrue(log.sizeInBytes() - log.segments().get(0).sizeInBytes() < retention);

        log.updateConfig(log.config().with("retention.bytes", "0"));
        log.deleteRetentionSegments();
        assertEquals(1, log.numberOfSegments());
    }

    @Test
    void shouldKeepSegmentsWhenCleanupPolicyIsCompactOnly() {
        open(Map.of("segment.bytes", "500", "retention.ms", "1", "retention.bytes", "1", "cleanup.policy", "compact"));
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch(2, NOW, "c"), 0);
        }
        log.updateHighWatermark(log.logEndOffset());
        time.sleep(100_000);
        assertEquals(0, log.deleteRetentionSegments());
    }

    @Test
    void shouldDeleteSegmentsBelowNewStartWhenLogStartOffsetIsIncremented() {
        open(Map.of("segment.bytes", "500"));
        for (int i = 0; i < 20; i++) {
            log.appendAsLeader(batch(2, NOW, "d"), 0);
        }
        List<LogSegment> segments = log.segments();
        long target = segments.get(2).baseOffset() + 1;
        assertKind(ErrorKind.OFFSET_OUT_OF_RANGE, () -> log.maybeIncrementLogStartOffset(target));

        log.updateHighWatermark(log.logEndOffset());
        log.maybeIncrementLogStartOffset(target);

        assertEquals(target, log.logStartOffset());
        assertEquals(segments.get(2).baseOffset(), log.segments().get(0).baseOffset());
        log.maybeIncrementLogStartOffset(1);
        assertEquals(target, log.logStartOffset(), "the log start offset never moves back");
    }

    @Test
    void shouldDeleteFilesOnlyAfterDelayWhenSchedulerIsGiven() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            log = PartitionLog.open(tmp.resolve(TP.dirName()), TP, "", TestBatches.config(
                    Map.of("segment.bytes", "500", "retention.ms", "0", "file.delete.delay.ms", "300")), time,
                    PartitionLog.LoadState.UNKNOWN, scheduler);
            for (int i = 0; i < 10; i++) {
                log.appendAsLeader(batch(2, NOW, "x"), 0);
            }
            log.updateHighWatermark(log.logEndOffset());
            time.sleep(10);
            int deleted = log.deleteRetentionSegments();
            assertTrue(deleted > 0);
            assertEquals(deleted, countFiles(".log.deleted"), "renamed first, so readers still holding them can finish");
            long deadline = System.currentTimeMillis() + 5000;
            while (countFiles(".deleted") > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, countFiles(".deleted"));
        } finally {
            scheduler.shutdownNow();
        }
    }

    private long countFiles(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(tmp.resolve(TP.dirName()))) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
