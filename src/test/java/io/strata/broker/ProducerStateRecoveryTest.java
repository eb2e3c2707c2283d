package io.strata.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.Time;
import io.strata.common.TopicPartition;
import io.strata.log.LogAppendInfo;
import io.strata.log.LogConfig;
import io.strata.log.PartitionLog;
import io.strata.log.RecordBatches;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idempotent produce across a simulated restart: the log is closed and opened again (with full recovery,
 * as after a crash) and a new {@link ProducerStateManager} rebuilds its state from the log's batch headers.
 */
class ProducerStateRecoveryTest {

    static final TopicPartition TP = new TopicPartition("idempotent", 0);
    static final long PID = 7;
    static final int LEADER_EPOCH = 0;

    @TempDir
    Path tmp;

    private PartitionLog log;
    private ProducerStateManager producers = new ProducerStateManager();

    @AfterEach
    void tearDown() {
        if (log != null) {
            log.close();
        }
    }

    private PartitionLog open() {
        return PartitionLog.open(tmp.resolve(TP.dirName()), TP, LogConfig.DEFAULT, Time.SYSTEM);
    }

    /** Close the log and forget all producer state, then open the log again: what a broker restart does. */
    private void restart() {
        log.close();
        log = open();
        producers = new ProducerStateManager();
    }

    private static ByteBuffer batch(short epoch, int baseSequence, int records) {
        SimpleRecord[] values = IntStream.range(0, records)
                .mapToObj(i -> new SimpleRecord(("s" + (baseSequence + i)).getBytes(StandardCharsets.UTF_8)))
                .toArray(SimpleRecord[]::new);
        return MemoryRecords.withIdempotentRecords(Compression.NONE, PID, epoch, baseSequence, values).buffer();
    }

    private static ByteBuffer concat(ByteBuffer... batches) {
        ByteBuffer out = ByteBuffer.allocate(List.of(batches).stream().mapToInt(ByteBuffer::remaining).sum());
        for (ByteBuffer b : batches) {
            out.put(b.duplicate());
        }
        return out.flip();
    }

    private LogAppendInfo append(ByteBuffer batches) {
        return producers.append(TP, log, batches, LEADER_EPOCH);
    }

    private List<String> values() {
        return RecordBatches.decode(log.read(0, Integer.MAX_VALUE, log.logEndOffset(), true).records()).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void shouldReturnOriginalOffsetsWhenBatchIsRepeatedAfterRestart() {
        log = open();
        append(batch((short) 0, 0, 3));
        append(batch((short) 0, 3, 2));

        restart();
        LogAppendInfo retried = append(batch((short) 0, 3, 2));
        LogAppendInfo older = append(batch((short) 0, 0, 3));

        assertEquals(3, retried.firstOffset());
        assertEquals(4, retried.lastOffset());
        assertEquals(0, older.firstOffset());
        assertEquals(5, log.logEndOffset(), "nothing appended twice");
        assertEquals(List.of("s0", "s1", "s2", "s3", "s4"), values());
    }

    @Test
    void shouldRefuseSequenceGapWhenStateRebuiltFromLog() {
        log = open();
        append(batch((short) 0, 0, 3));

        restart();
        StrataException gap = assertThrows(StrataException.class, () -> append(batch((short) 0, 10, 1)));
        LogAppendInfo next = append(batch((short) 0, 3, 1));

        assertEquals(ErrorKind.OUT_OF_ORDER_SEQUENCE_NUMBER, gap.kind());
        assertEquals(3, next.firstOffset());
        assertEquals(4, log.logEndOffset());
    }

    @Test
    void shouldRefuseOlderEpochWhenStateRebuiltFromLog() {
        log = open();
        append(batch((short) 0, 0, 2));
        append(batch((short) 1, 0, 2));

        restart();
        StrataException fenced = assertThrows(StrataException.class, () -> append(batch((short) 0, 2, 1)));

        assertEquals(ErrorKind.INVALID_PRODUCER_EPOCH, fenced.kind());
        assertEquals(0 + 2, append(batch((short) 1, 0, 2)).firstOffset(), "the newest epoch's batch is still known");
        assertEquals(4, log.logEndOffset());
    }

    @Test
    void shouldCheckEveryBatchWhenRequestHoldsSeveral() {
        log = open();

        StrataException gap = assertThrows(StrataException.class,
                () -> append(concat(batch((short) 0, 0, 2), batch((short) 0, 5, 1))));
        assertEquals(ErrorKind.OUT_OF_ORDER_SEQUENCE_NUMBER, gap.kind());
        assertEquals(0, log.logEndOffset(), "a refused request appends none of its batches");

        LogAppendInfo both = append(concat(batch((short) 0, 0, 2), batch((short) 0, 2, 2)));
        LogAppendInfo secondAgain = append(batch((short) 0, 2, 2));

        assertEquals(0, both.firstOffset());
        assertEquals(3, both.lastOffset());
        assertEquals(2, secondAgain.firstOffset(), "the second batch of the request is remembered with its own offsets");
        assertEquals(3, secondAgain.lastOffset());
        assertEquals(4, log.logEndOffset());
    }

    @Test
    void shouldForgetProducersWhenPartitionLogIsRecreated() {
        log = open();
        append(batch((short) 0, 0, 3));
        log.close();
        io.strata.testing.TempDirs.deleteQuietly(tmp.resolve(TP.dirName()));

        log = open(); // the same partition name, a new (empty) log: the topic was deleted and created again
        LogAppendInfo first = append(batch((short) 0, 0, 3));

        assertEquals(0, first.firstOffset(), "appended, not answered as a duplicate of the old log's batch");
        assertEquals(3, log.logEndOffset());
    }
}
