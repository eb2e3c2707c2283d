package io.strata.log;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.strata.log.TestBatches.TP;
import static io.strata.log.TestBatches.batch;
import static io.strata.log.TestBatches.bytes;
import static io.strata.log.TestBatches.copy;
import static io.strata.log.TestBatches.string;
import static io.strata.log.TestBatches.toArray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionLogAppendReadTest {

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
    void shouldAssignContiguousOffsetsAndReadRecordsBackWhenAppendingAsLeader() {
        open(Map.of());
        LogAppendInfo first = log.appendAsLeader(batch(3, NOW, "a"), 0);
        LogAppendInfo second = log.appendAsLeader(batch(2, NOW + 5, "b"), 0);

        assertEquals(0L, first.firstOffset());
        assertEquals(2L, first.lastOffset());
        assertEquals(3, first.recordCount());
        assertEquals(-1L, first.logAppendTimeMs());
        assertEquals(3L, second.firstOffset());
        assertEquals(4L, second.lastOffset());
        assertEquals(NOW + 5, second.maxTimestamp());
        assertEquals(5L, log.logEndOffset());

        ReadResult read = log.read(0, 1 << 20, log.logEndOffset(), false);
        List<DecodedRecord> records = RecordBatches.decode(read.records());
        assertEquals(5, records.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(i, records.get(i).offset());
            assertEquals(0, records.get(i).leaderEpoch());
        }
        assertEquals("kb-1", string(records.get(4).key()));
        assertEquals("va-0", string(records.get(0).value()));
        assertEquals(0L, read.firstBatchBaseOffset());
        assertEquals(5L, read.nextOffset());
    }

    @Test
    void shouldAppendEveryBatchWhenOneBufferCarriesSeveral() {
        open(Map.of());
        ByteBuffer a = batch(2, NOW, "a");
        ByteBuffer b = batch(3, NOW, "b");
        ByteBuffer both = ByteBuffer.allocate(a.remaining() + b.remaining());
        both.put(a).put(b).flip();

        LogAppendInfo info = log.appendAsLeader(both, 4);

        assertEquals(0L, info.firstOffset());
        assertEquals(4L, info.lastOffset());
        assertEquals(5, info.recordCount());
        assertEquals(both.remaining(), info.validBytes());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L),
                RecordBatches.decode(log.read(0, 1 << 20, 5, false).records()).stream().map(DecodedRecord::offset).toList());
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodec.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void shouldStoreCompressedBatchByteIdenticalExceptOffsetAndEpochWhenAppended(CompressionCodec codec) {
        open(Map.of());
        log.appendAsLeader(batch(4, NOW, "pre"), 2);
        ByteBuffer sent = batch(codec, 20, NOW, "z", 50);
        byte[] original = toArray(sent);

        LogAppendInfo info = log.appendAsLeader(copy(sent), 2);

        byte[] stored = toArray(log.read(info.firstOffset(), 1 << 20, log.logEndOffset(), false).records());
        assertEquals(original.length, stored.length);
        for (int i = 0; i < original.length; i++) {
            boolean stampedField = i < 8 || (i >= 12 && i < 16);
            if (!stampedField) {
                assertEquals(original[i], stored[i], "byte " + i + " changed");
            }
        }
        ByteBuffer storedBuf = ByteBuffer.wrap(stored);
        assertEquals(4L, storedBuf.getLong(0));
        assertEquals(2, storedBuf.getInt(12));
        List<DecodedRecord> records = RecordBatches.decode(storedBuf);
        assertEquals(20, records.size());
        assertEquals(23L, records.get(19).offset());
        assertEquals("kz-19", string(records.get(19).key()));
    }

    @Test
    void shouldStampBrokerTimeWhenTimestampTypeIsLogAppendTime() {
        open(Map.of("message.timestamp.type", "LogAppendTime"));
        LogAppendInfo info = log.appendAsLeader(batch(CompressionCodec.GZIP, 3, 5L, "t", 0), 1);

        assertEquals(NOW, info.logAppendTimeMs());
        assertEquals(NOW, info.maxTimestamp());
        List<DecodedRecord> records = RecordBatches.decode(log.read(0, 1 << 20, 3, false).records());
        records.forEach(r -> assertEquals(NOW, r.timestampMs()));
    }

    @Test
    void shouldLimitReadsByBytesOffsetsAndMinOneBatchWhenReading() {
        open(Map.of());
        int batchBytes = 0;
        for (int i = 0; i < 10; i++) {
            batchBytes = log.appendAsLeader(batch(5, NOW, "r" + i), 0).validBytes();
        }
        // every batch has the same size: 5 records, same key/value lengths per batch index width
        ReadResult threeAndAHalf = log.read(0, batchBytes * 3 + batchBytes / 2, 50, false);
        assertEquals(batchBytes * 3, threeAndAHalf.sizeInBytes());
        assertEquals(15L, threeAndAHalf.nextOffset());

        assertTrue(log.read(0, 10, 50, false).isEmpty(), "a batch larger than maxBytes is not returned");
        ReadResult one = log.read(0, 10, 50, true);
        assertEquals(batchBytes, one.sizeInBytes(), "minOneBatch returns exactly the first batch");

        ReadResult mid = log.read(7, 1 << 20, 50, false);
        assertEquals(5L, mid.firstBatchBaseOffset(), "the whole batch holding the offset is returned");

        assertEquals(20L, log.read(0, 1 << 20, 20, false).nextOffset());
        assertEquals(20L, log.read(0, 1 << 20, 22, false).nextOffset(), "a batch straddling the limit is left out");
        assertTrue(log.read(20, 1 << 20, 22, true).isEmpty());
        assertTrue(log.read(50, 1 << 20, 50, true).isEmpty(), "reading at the log end is empty");

        StrataException beyond = assertThrows(StrataException.class, () -> log.read(51, 100, 60, true));
        assertEquals(ErrorKind.OFFSET_OUT_OF_RANGE, beyond.kind());

        log.updateHighWatermark(50);
        log.maybeIncrementLogStartOffset(10);
        StrataException below = assertThrows(StrataException.class, () -> log.read(9, 100, 50, true));
        assertEquals(ErrorKind.OFFSET_OUT_OF_RANGE, below.kind());
        assertEquals(10L, log.read(10, 1 << 20, 50, false).firstBatchBaseOffset());
    }

    @Test
    void shouldRejectCorruptBatchAndAppendNothingWhenCrcIsWrong() {
        open(Map.of());
        log.appendAsLeader(batch(2, NOW, "ok"), 0);
        ByteBuffer good = batch(2, NOW, "a");
        ByteBuffer bad = batch(2, NOW, "b");
        bad.put(bad.limit() - 2, (byte) (bad.get(bad.limit() - 2) ^ 0x55));
        ByteBuffer both = ByteBuffer.allocate(good.remaining() + bad.remaining());
        both.put(good).put(bad).flip();

        StrataException e = assertThrows(StrataException.class, () -> log.appendAsLeader(both, 0));

        assertEquals(ErrorKind.CORRUPT_MESSAGE, e.kind());
        assertEquals(2L, log.logEndOffset());
        assertEquals(2, RecordBatches.decode(log.read(0, 1 << 20, 10, false).records()).size());
    }

    @Test
    void shouldRejectStructurallyBrokenInputWhenAppending() {
        open(Map.of());
        ByteBuffer torn = batch(3, NOW, "t");
        torn.limit(torn.limit() - 1);
        assertKind(ErrorKind.CORRUPT_MESSAGE, () -> log.appendAsLeader(torn, 0));
        assertKind(ErrorKind.CORRUPT_MESSAGE, () -> log.appendAsLeader(ByteBuffer.allocate(0), 0));
        assertKind(ErrorKind.CORRUPT_MESSAGE, () -> log.appendAsLeader(ByteBuffer.allocate(30), 0));
        ByteBuffer oldMagic = batch(1, NOW, "m");
        oldMagic.put(RecordBatches.MAGIC_OFFSET, (byte) 1);
        assertKind(ErrorKind.CORRUPT_MESSAGE, () -> log.appendAsLeader(oldMagic, 0));
        ByteBuffer badLength = batch(1, NOW, "l");
        badLength.putInt(RecordBatches.LENGTH_OFFSET, 10);
        assertKind(ErrorKind.CORRUPT_MESSAGE, () -> log.appendAsLeader(badLength, 0));
        assertEquals(0L, log.logEndOffset());
        assertEquals(0L, log.sizeInBytes());
    }

    @Test
    void shouldRejectWithMessageTooLargeWhenBatchExceedsMaxMessageBytes() {
        open(Map.of("max.message.bytes", "200"));
        log.appendAsLeader(batch(1, NOW, "s"), 0);

        assertKind(ErrorKind.MESSAGE_TOO_LARGE, () -> log.appendAsLeader(batch(CompressionCodec.NONE, 1, NOW, "big", 300), 0));
        assertEquals(1L, log.logEndOffset());
    }

    @Test
    void shouldRejectKeylessRecordWhenTopicIsCompacted() {
        open(Map.of("cleanup.policy", "compact"));
        log.appendAsLeader(batch(CompressionCodec.ZSTD, 2, NOW, "keyed", 0), 0);
        ByteBuffer keyless = RecordBatches.build(CompressionCodec.GZIP, List.of(
                new SimpleRecordData(NOW, bytes("k"), bytes("v")), new SimpleRecordData(NOW, null, bytes("v"))));

        assertKind(ErrorKind.INVALID_RECORD, () -> log.appendAsLeader(keyless, 0));
        assertEquals(2L, log.logEndOffset());
    }

    @Test
    void shouldRejectFutureTimestampWhenBeyondAfterMaxMs() {
        open(Map.of("message.timestamp.after.max.ms", "1000"));
        assertKind(ErrorKind.INVALID_TIMESTAMP, () -> log.appendAsLeader(batch(1, NOW + 5000, "f"), 0));
        log.appendAsLeader(batch(1, NOW + 500, "f"), 0);
        assertEquals(1L, log.logEndOffset());
    }

    @Test
    void shouldRejectOldTimestampWhenBeyondBeforeMaxMs() {
        open(Map.of("message.timestamp.before.max.ms", "1000"));
        assertKind(ErrorKind.INVALID_TIMESTAMP, () -> log.appendAsLeader(batch(CompressionCodec.LZ4, 2, NOW - 5000, "o", 0), 0));
        assertEquals(0L, log.logEndOffset());
    }

    @Test
    void shouldFenceAppendWhenLeaderEpochIsOlderThanLatest() {
        open(Map.of());
        log.appendAsLeader(batch(1, NOW, "e"), 5);
        assertKind(ErrorKind.FENCED_LEADER_EPOCH, () -> log.appendAsLeader(batch(1, NOW, "e"), 4));
    }

    @Test
    void shouldFsyncEveryAppendWhenFlushMessagesIsOne() {
        open(Map.of("flush.messages", "1"));
        for (int i = 0; i < 3; i++) {
            log.appendAsLeader(batch(2, NOW, "f" + i), 0);
            assertEquals(log.logEndOffset(), log.recoveryPoint());
        }
        assertEquals(3L, log.fsyncCount());
    }

    @Test
    void shouldNotFlushWhenFlushSettingsAreDefault() {
        open(Map.of());
        log.appendAsLeader(batch(2, NOW, "n"), 0);
        assertEquals(0L, log.recoveryPoint());
        log.flush(2);
        assertEquals(2L, log.recoveryPoint());
        long fsyncs = log.fsyncCount();
        log.flush(2);
        assertEquals(fsyncs, log.fsyncCount(), "flushing again with nothing new must not fsync");
    }

    @Test
    void shouldFlushWhenFlushMsHasPassed() {
        open(Map.of("flush.ms", "1000"));
        log.appendAsLeader(batch(1, NOW, "a"), 0);
        assertEquals(0L, log.recoveryPoint());
        time.sleep(1000);
        log.appendAsLeader(batch(1, NOW, "b"), 0);
        assertEquals(2L, log.recoveryPoint());
        log.appendAsLeader(batch(1, NOW, "c"), 0);
        time.sleep(1000);
        log.maybeFlushByTime();
        assertEquals(3L, log.recoveryPoint());
    }

    @Test
    void shouldAnswerSpecialListOffsetsTargetsWhenAsked() {
        open(Map.of());
        log.appendAsLeader(batch(3, NOW + 30, "a"), 1);
        log.appendAsLeader(RecordBatches.build(List.of(new SimpleRecordData(NOW + 10, bytes("k"), bytes("v")),
                new SimpleRecordData(NOW + 90, bytes("k"), bytes("v")), new SimpleRecordData(NOW + 90, bytes("k"), bytes("v")))), 2);
        log.appendAsLeader(batch(2, NOW + 50, "c"), 2);

        assertEquals(new TimestampAndOffset(-1, 0, 1), log.offsetForTimestamp(TimestampAndOffset.EARLIEST_TIMESTAMP).orElseThrow());
        assertEquals(new TimestampAndOffset(-1, 8, 2), log.offsetForTimestamp(TimestampAndOffset.LATEST_TIMESTAMP).orElseThrow());
        assertEquals(new TimestampAndOffset(NOW + 90, 4, 2), log.offsetForTimestamp(TimestampAndOffset.MAX_TIMESTAMP).orElseThrow());
        assertEquals(new TimestampAndOffset(NOW + 30, 0, 1), log.offsetForTimestamp(NOW + 20).orElseThrow());
        assertEquals(new TimestampAndOffset(NOW + 90, 4, 2), log.offsetForTimestamp(NOW + 31).orElseThrow());
        assertEquals(Optional.empty(), log.offsetForTimestamp(NOW + 91));
    }

    @Test
    void shouldKeepOffsetsAndDataWhenReopenedAfterClose() {
        open(Map.of("segment.bytes", "2000"));
        List<Long> lastOffsets = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lastOffsets.add(log.appendAsLeader(batch(3, NOW + i, "p" + i), 0).lastOffset());
        }
        int segments = log.numberOfSegments();
        long size = log.sizeInBytes();
        log.close();

        open(Map.of("segment.bytes", "2000"));

        assertTrue(segments > 1);
        assertEquals(segments, log.numberOfSegments());
        assertEquals(90L, log.logEndOffset());
        assertEquals(size, log.sizeInBytes());
        assertEquals(90, RecordBatches.decode(readAll(log)).size());
        assertEquals(90L, log.appendAsLeader(batch(1, NOW, "after"), 0).firstOffset());
    }

    @Test
    void shouldNotMoveCallerBufferWhenAppending() {
        open(Map.of());
        ByteBuffer b = batch(2, NOW, "pos");
        int position = b.position();
        int limit = b.limit();
        log.appendAsLeader(b, 0);
        assertEquals(position, b.position());
        assertEquals(limit, b.limit());
        assertNotEquals(0, limit);
        assertFalse(log.isClosed());
    }

    static ByteBuffer readAll(PartitionLog log) {
        ByteBuffer all = ByteBuffer.allocate((int) log.sizeInBytes());
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            ReadResult r = log.read(next, 1 << 20, log.logEndOffset(), true);
            all.put(r.records());
            next = r.nextOffset();
        }
        return all.flip();
    }

    static void assertKind(ErrorKind kind, org.junit.jupiter.api.function.Executable call) {
        StrataException e = assertThrows(StrataException.class, call);
        assertEquals(kind, e.kind(), e.getMessage());
    }
}
