package io.strata.log;

import io.strata.common.ErrorKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static io.strata.log.PartitionLogAppendReadTest.assertKind;
import static io.strata.log.PartitionLogAppendReadTest.readAll;
import static io.strata.log.TestBatches.TP;
import static io.strata.log.TestBatches.batch;
import static io.strata.log.TestBatches.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TruncationAndEpochTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final Map<String, String> SMALL_SEGMENTS = Map.of("segment.bytes", "400", "index.interval.bytes", "50");

    @TempDir
    Path tmp;
    private final MockTime time = new MockTime(NOW);
    private PartitionLog log;

    private Path dir() {
        return tmp.resolve(TP.dirName());
    }

    private PartitionLog open() {
        log = PartitionLog.open(dir(), TP, TestBatches.config(SMALL_SEGMENTS), time);
        return log;
    }

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
    }

    /** 12 batches of 3 records, offsets 0..35, epochs 0 (0-11), 1 (12-23), 3 (24-35), timestamps NOW + batch. */
    private void appendEpochs() {
        for (int b = 0; b < 12; b++) {
            log.appendAsLeader(batch(3, NOW + b, "e" + b), b < 4 ? 0 : b < 8 ? 1 : 3);
        }
    }

    @Test
    void shouldRemoveWholeBatchesAndFixIndexesAndEpochsWhenTruncatedMidLog() {
        open();
        appendEpochs();
        int segmentsBefore = log.numberOfSegments();
        assertTrue(segmentsBefore > 3);
        log.updateHighWatermark(36);
        log.flush(36);

        log.truncateTo(19);

        assertEquals(18L, log.logEndOffset(), "the batch holding offset 19 (18-20) goes whole");
        assertEquals(18L, log.highWatermark());
        assertEquals(18L, log.recoveryPoint());
        assertTrue(log.numberOfSegments() < segmentsBefore);
        assertEquals(OptionalInt.of(1), log.latestEpoch());
        assertEquals(List.of(new LeaderEpochFileCache.EpochEntry(0, 0), new LeaderEpochFileCache.EpochEntry(1, 12)),
                log.leaderEpochCache().entries());
        List<DecodedRecord> records = RecordBatches.decode(readAll(log));
        assertEquals(18, records.size());
        assertEquals(17L, records.get(17).offset());
        assertEquals(Optional.empty(), log.offsetForTimestamp(NOW + 6), "timestamps of removed batches are gone");
        assertEquals(15L, log.offsetForTimestamp(NOW + 5).orElseThrow().offset());

        LogAppendInfo next = log.appendAsLeader(batch(2, NOW + 100, "new"), 4);
        assertEquals(18L, next.firstOffset());
        assertEquals(new EpochEndOffset(1, 18), log.endOffsetForEpoch(1));
        assertEquals(new EpochEndOffset(4, 20), log.endOffsetForEpoch(4));

        log.close();
        open();
        assertEquals(20L, log.logEndOffset());
        assertEquals(20, RecordBatches.decode(readAll(log)).size());
        assertEquals(OptionalInt.of(4), log.latestEpoch());
    }

    @Test
    void shouldDoNothingWhenTruncatingAtOrBeyondLogEnd() {
        open();
        appendEpochs();
        log.truncateTo(36);
        log.truncateTo(1000);
        assertEquals(36L, log.logEndOffset());
        assertEquals(OptionalInt.of(3), log.latestEpoch());
    }

    @Test
    void shouldStartEmptyAtOffsetWhenTruncatedFully() {
        open();
        appendEpochs();
        log.truncateFullyAndStartAt(500);

        assertEquals(500L, log.logStartOffset());
        assertEquals(500L, log.logEndOffset());
        assertEquals(500L, log.highWatermark());
        assertEquals(1, log.numberOfSegments());
        assertEquals(OptionalInt.empty(), log.latestEpoch());
        assertTrue(log.read(500, 100, 500, true).isEmpty());
        assertEquals(500L, log.appendAsLeader(batch(1, NOW, "x"), 7).firstOffset());

        log.close();
        open();
        assertEquals(500L, log.logStartOffset());
        assertEquals(501L, log.logEndOffset());
    }

    @Test
    void shouldKeepLeaderOffsetsAndEpochsWhenAppendingAsFollower() {
        open();
        ByteBuffer fromLeader = RecordBatches.build(0, 2, CompressionCodec.SNAPPY, List.of(
                new SimpleRecordData(NOW, bytes("a"), bytes("1")), new SimpleRecordData(NOW, bytes("b"), bytes("2"))));
        LogAppendInfo info = log.appendAsFollower(fromLeader);
        assertEquals(0L, info.firstOffset());
        assertEquals(1L, info.lastOffset());

        log.appendAsFollower(RecordBatches.build(10, 5, CompressionCodec.NONE, List.of(new SimpleRecordData(NOW, bytes("c"), bytes("3")))));

        assertEquals(11L, log.logEndOffset(), "a gap left by leader compaction is allowed");
        assertEquals(List.of(new LeaderEpochFileCache.EpochEntry(2, 0), new LeaderEpochFileCache.EpochEntry(5, 10)),
                log.leaderEpochCache().entries());
        List<DecodedRecord> records = RecordBatches.decode(readAll(log));
        assertEquals(List.of(0L, 1L, 10L), records.stream().map(DecodedRecord::offset).toList());
        assertEquals(5, records.get(2).leaderEpoch());

        assertKind(ErrorKind.INVALID_REQUEST, () -> log.appendAsFollower(RecordBatches.build(5, 5, CompressionCodec.NONE,
                List.of(new SimpleRecordData(NOW, bytes("d"), bytes("4"))))));
        ByteBuffer corrupt = RecordBatches.build(11, 5, CompressionCodec.NONE, List.of(new SimpleRecordData(NOW, bytes("e"), bytes("5"))));
        corrupt.put(corrupt.limit() - 1, (byte) 0x7f);
        assertKind(ErrorKind.CORRUPT_MESSAGE, () -> log.appendAsFollower(corrupt));
        assertEquals(11L, log.logEndOffset());
    }

    @Test
    void shouldAnswerOffsetForLeaderEpochLikeKafka() throws IOException {
        LeaderEpochFileCache cache = new LeaderEpochFileCache(tmp);
        assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(0, 100));
        cache.assign(1, 0);
        cache.assign(1, 5);
        cache.assign(3, 10);
        cache.assign(6, 40);

        assertEquals(new EpochEndOffset(6, 100), cache.endOffsetFor(6, 100), "latest epoch ends at the log end");
        assertEquals(new EpochEndOffset(3, 40), cache.endOffsetFor(3, 100));
        assertEquals(new EpochEndOffset(3, 40), cache.endOffsetFor(5, 100), "unknown epoch answers the largest epoch below it");
        assertEquals(new EpochEndOffset(1, 10), cache.endOffsetFor(2, 100));
        assertEquals(new EpochEndOffset(0, 0), cache.endOffsetFor(0, 100), "below the first epoch: the first start offset");
        assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(7, 100));
        assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(-1, 100));
        assertEquals(OptionalInt.of(3), cache.epochForOffset(39));

        assertEquals("0\n3\n1 0\n3 10\n6 40\n", Files.readString(tmp.resolve(LeaderEpochFileCache.FILE_NAME)));

        cache.assign(4, 30);
        assertEquals(List.of(new LeaderEpochFileCache.EpochEntry(1, 0), new LeaderEpochFileCache.EpochEntry(3, 10),
                new LeaderEpochFileCache.EpochEntry(4, 30)), cache.entries(), "a conflicting newer epoch is dropped");

        cache.truncateFromEnd(10);
        assertEquals(List.of(new LeaderEpochFileCache.EpochEntry(1, 0)), cache.entries());
        cache.assign(2, 20);
        cache.assign(5, 50);
        cache.truncateFromStart(25);
        assertEquals(List.of(new LeaderEpochFileCache.EpochEntry(2, 25), new LeaderEpochFileCache.EpochEntry(5, 50)), cache.entries());

        LeaderEpochFileCache reloaded = new LeaderEpochFileCache(tmp);
        assertEquals(cache.entries(), reloaded.entries());
    }

    @Test
    void shouldRebuildEpochsFromBatchesWhenCheckpointIsCorrupt() throws IOException {
        open();
        appendEpochs();
        log.close();
        Files.writeString(dir().resolve(LeaderEpochFileCache.FILE_NAME), "0\n7\ngarbage\n", StandardCharsets.UTF_8);

        open();

        assertEquals(List.of(new LeaderEpochFileCache.EpochEntry(0, 0), new LeaderEpochFileCache.EpochEntry(1, 12),
                new LeaderEpochFileCache.EpochEntry(3, 24)), log.leaderEpochCache().entries());
    }
}
