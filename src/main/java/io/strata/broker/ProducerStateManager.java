package io.strata.broker;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.TopicPartition;
import io.strata.log.LogAppendInfo;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Idempotent produce: per partition and producer id, the producer epoch and the last
 * {@value #CACHED_BATCHES} batches (sequence range and offsets), checked before an append. A batch
 * already appended is not appended again: its original offsets are returned, which the Java client
 * takes as success. A gap in the sequence is OUT_OF_ORDER_SEQUENCE_NUMBER, an older epoch
 * INVALID_PRODUCER_EPOCH. Batches without a producer id pass straight through.
 *
 * <p>The state lives in memory only: after a restart the first batch of a producer is accepted
 * whatever its sequence (as Kafka does for a producer it has no state for), so de-duplication
 * resumes from there.
 *
 * <p>Thread-safe: the check and the append of one partition happen under that partition's monitor,
 * so two copies of a batch can never both be appended.
 */
final class ProducerStateManager {

    /** Kafka's {@code max.in.flight.requests.per.connection} limit for idempotence, and its cache size. */
    static final int CACHED_BATCHES = 5;

    /** Offsets of fields in a magic v2 record batch header. */
    private static final int LAST_OFFSET_DELTA_OFFSET = 23;
    private static final int MAGIC_OFFSET = 16;
    private static final int PRODUCER_ID_OFFSET = 43;
    private static final int PRODUCER_EPOCH_OFFSET = 51;
    private static final int BASE_SEQUENCE_OFFSET = 53;
    private static final int HEADER_BYTES = 61;

    private record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset) {}

    /** One producer's state in one partition. Guarded by the partition's {@link PartitionProducers} monitor. */
    private static final class ProducerEntry {
        short epoch;
        final ArrayDeque<BatchMetadata> batches = new ArrayDeque<>();
    }

    private static final class PartitionProducers {
        final Map<Long, ProducerEntry> producers = new HashMap<>();
    }

    private final ConcurrentHashMap<TopicPartition, PartitionProducers> partitions = new ConcurrentHashMap<>();

    /**
     * Appends {@code batches} through {@code append} unless they repeat a batch already appended.
     *
     * @param logStartOffset reported for a duplicate, whose append did nothing
     */
    LogAppendInfo append(TopicPartition tp, ByteBuffer batches, Function<ByteBuffer, LogAppendInfo> append,
            LongSupplier logStartOffset) {
        int start = batches.position();
        if (batches.remaining() < HEADER_BYTES || batches.get(start + MAGIC_OFFSET) != 2) {
            return append.apply(batches); // the log rejects what it cannot parse
        }
        long producerId = batches.getLong(start + PRODUCER_ID_OFFSET);
        if (producerId < 0) {
            return append.apply(batches);
        }
        short epoch = batches.getShort(start + PRODUCER_EPOCH_OFFSET);
        int firstSequence = batches.getInt(start + BASE_SEQUENCE_OFFSET);
        // A produce request carries one batch per partition for an idempotent producer.
        int lastSequence = (int) ((firstSequence + (long) batches.getInt(start + LAST_OFFSET_DELTA_OFFSET)) % (Integer.MAX_VALUE + 1L));
        PartitionProducers state = partitions.computeIfAbsent(tp, k -> new PartitionProducers());
        synchronized (state) {
            ProducerEntry entry = state.producers.get(producerId);
            if (entry != null) {
                if (epoch < entry.epoch) {
                    throw new StrataException(ErrorKind.INVALID_PRODUCER_EPOCH, "Producer " + producerId + " epoch " + epoch
                            + " is older than " + entry.epoch + " on " + tp);
                }
                if (epoch > entry.epoch) {
                    if (firstSequence != 0) {
                        throw outOfOrder(tp, producerId, 0, firstSequence);
                    }
                    entry.batches.clear();
                    entry.epoch = epoch;
                } else {
                    for (BatchMetadata b : entry.batches) {
                        if (b.firstSequence() == firstSequence && b.lastSequence() == lastSequence) {
                            return new LogAppendInfo(b.firstOffset(), b.lastOffset(), -1, -1, logStartOffset.getAsLong(), 0, 0);
                        }
                    }
                    BatchMetadata last = entry.batches.peekLast();
                    int expected = last == null ? firstSequence : nextSequence(last.lastSequence());
                    if (firstSequence != expected) {
                        throw outOfOrder(tp, producerId, expected, firstSequence);
                    }
                }
            }
            LogAppendInfo info = append.apply(batches);
            if (entry == null) {
                entry = new ProducerEntry();
                entry.epoch = epoch;
                state.producers.put(producerId, entry);
            }
            entry.batches.addLast(new BatchMetadata(firstSequence, lastSequence, info.firstOffset(), info.lastOffset()));
            if (entry.batches.size() > CACHED_BATCHES) {
                entry.batches.removeFirst();
            }
            return info;
        }
    }

    private static int nextSequence(int sequence) {
        return sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
    }

    private static StrataException outOfOrder(TopicPartition tp, long producerId, int expected, int actual) {
        return new StrataException(ErrorKind.OUT_OF_ORDER_SEQUENCE_NUMBER, "Out of order sequence number for producer "
                + producerId + " on " + tp + ": expected " + expected + ", got " + actual);
    }
}
