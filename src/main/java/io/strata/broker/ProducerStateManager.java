package io.strata.broker;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.TopicPartition;
import io.strata.log.LogAppendInfo;
import io.strata.log.PartitionLog;
import io.strata.log.ProducerBatch;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idempotent produce: per partition and producer id, the producer epoch and the last
 * {@value #CACHED_BATCHES} batches (sequence range and offsets), checked before an append. A batch
 * already appended is not appended again: its original offsets are returned, which the Java client
 * takes as success. A gap in the sequence is OUT_OF_ORDER_SEQUENCE_NUMBER, an older epoch
 * INVALID_PRODUCER_EPOCH. Batches without a producer id pass straight through. Every batch of a
 * request is checked, in order, each against the state the batches before it leave (as Kafka does);
 * the first duplicate answers the whole request with its original offsets and nothing is appended.
 *
 * <p>Recovery: a partition's state is rebuilt lazily, on its first idempotent append after start-up,
 * from the batch headers in the tail of its log ({@link PartitionLog#producerBatches}, at most
 * {@link #RECOVERY_SCAN_BYTES} beyond the newest segment), so a retry that crosses a broker restart is
 * still recognised. A producer whose batches all lie before the scanned tail is unknown again, and its
 * next batch is accepted whatever its sequence (as Kafka does for a producer it has no state for).
 * The state belongs to one {@link PartitionLog} instance: a log re-created under the same name (topic
 * deleted and created again) starts from its own contents, never from the old log's producers.
 *
 * <p>Thread-safe: the check and the append of one partition happen under that partition's monitor,
 * so two copies of a batch can never both be appended.
 */
final class ProducerStateManager {

    /** Kafka's {@code max.in.flight.requests.per.connection} limit for idempotence, and its cache size. */
    static final int CACHED_BATCHES = 5;

    /** How far before the newest segment recovery reads (whole segments within this budget). */
    static final long RECOVERY_SCAN_BYTES = 64L << 20;

    /** Offsets of fields in a magic v2 record batch header. */
    private static final int LENGTH_OFFSET = 8;
    private static final int LOG_OVERHEAD = 12;
    private static final int MAGIC_OFFSET = 16;
    private static final int LAST_OFFSET_DELTA_OFFSET = 23;
    private static final int PRODUCER_ID_OFFSET = 43;
    private static final int PRODUCER_EPOCH_OFFSET = 51;
    private static final int BASE_SEQUENCE_OFFSET = 53;
    private static final int HEADER_BYTES = 61;

    private record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset) {}

    /** One incoming batch of an idempotent producer; {@code offsetDelta} is its position in the request's offsets. */
    private record Incoming(long producerId, short epoch, int firstSequence, int lastSequence, long offsetDelta, int lastOffsetDelta) {}

    /** One producer's state in one partition. Guarded by the partition's {@link PartitionProducers} monitor. */
    private static final class ProducerEntry {
        short epoch;
        final ArrayDeque<BatchMetadata> batches = new ArrayDeque<>();

        ProducerEntry copy() {
            ProducerEntry c = new ProducerEntry();
            c.epoch = epoch;
            c.batches.addAll(batches);
            return c;
        }

        void add(BatchMetadata batch) {
            batches.addLast(batch);
            if (batches.size() > CACHED_BATCHES) {
                batches.removeFirst();
            }
        }
    }

    private static final class PartitionProducers {
        final PartitionLog log;
        final Map<Long, ProducerEntry> producers = new HashMap<>();

        PartitionProducers(PartitionLog log) {
            this.log = log;
        }
    }

    private final ConcurrentHashMap<TopicPartition, PartitionProducers> partitions = new ConcurrentHashMap<>();

    /**
     * Drops what is known about a partition's producers, so the next idempotent append rebuilds it
     * from the log: called when this broker becomes leader, because batches replicated while it
     * followed are in the log but not in any state kept from an earlier leadership.
     */
    void forget(TopicPartition tp) {
        partitions.remove(tp);
    }

    /** Appends {@code batches} to {@code log} as leader unless they repeat a batch already appended. */
    LogAppendInfo append(TopicPartition tp, PartitionLog log, ByteBuffer batches, int leaderEpoch) {
        List<Incoming> incoming = idempotentBatches(batches);
        if (incoming.isEmpty()) {
            return log.appendAsLeader(batches, leaderEpoch);
        }
        PartitionProducers state = stateOf(tp, log);
        synchronized (state) {
            // Validate every batch against a scratch copy, so a refused request leaves no trace.
            Map<Long, ProducerEntry> scratch = new HashMap<>();
            for (Incoming b : incoming) {
                ProducerEntry entry = scratch.computeIfAbsent(b.producerId(), id -> {
                    ProducerEntry stored = state.producers.get(id);
                    return stored == null ? null : stored.copy();
                });
                BatchMetadata duplicate = check(tp, b, entry);
                if (duplicate != null) {
                    return new LogAppendInfo(duplicate.firstOffset(), duplicate.lastOffset(), -1, -1, log.logStartOffset(), 0, 0);
                }
                if (entry == null) {
                    entry = new ProducerEntry();
                    entry.epoch = b.epoch();
                    scratch.put(b.producerId(), entry);
                } else if (b.epoch() > entry.epoch) {
                    entry.batches.clear();
                    entry.epoch = b.epoch();
                }
                // Offsets are unknown until the append: sequences are what the next batch is checked against.
                entry.add(new BatchMetadata(b.firstSequence(), b.lastSequence(), -1, -1));
            }
            LogAppendInfo info = log.appendAsLeader(batches, leaderEpoch);
            for (Incoming b : incoming) {
                ProducerEntry entry = state.producers.computeIfAbsent(b.producerId(), id -> new ProducerEntry());
                if (b.epoch() != entry.epoch) {
                    entry.batches.clear();
                    entry.epoch = b.epoch();
                }
                long first = info.firstOffset() + b.offsetDelta();
                entry.add(new BatchMetadata(b.firstSequence(), b.lastSequence(), first, first + b.lastOffsetDelta()));
            }
            return info;
        }
    }

    /**
     * @return the stored batch {@code b} repeats, or null when {@code b} may be appended
     * @throws StrataException INVALID_PRODUCER_EPOCH or OUT_OF_ORDER_SEQUENCE_NUMBER
     */
    private static BatchMetadata check(TopicPartition tp, Incoming b, ProducerEntry entry) {
        if (entry == null) {
            return null;
        }
        if (b.epoch() < entry.epoch) {
            throw new StrataException(ErrorKind.INVALID_PRODUCER_EPOCH, "Producer " + b.producerId() + " epoch " + b.epoch()
                    + " is older than " + entry.epoch + " on " + tp);
        }
        if (b.epoch() > entry.epoch) {
            if (b.firstSequence() != 0) {
                throw outOfOrder(tp, b.producerId(), 0, b.firstSequence());
            }
            return null;
        }
        for (BatchMetadata stored : entry.batches) {
            if (stored.firstOffset() >= 0 && stored.firstSequence() == b.firstSequence() && stored.lastSequence() == b.lastSequence()) {
                return stored;
            }
        }
        BatchMetadata last = entry.batches.peekLast();
        int expected = last == null ? b.firstSequence() : nextSequence(last.lastSequence());
        if (b.firstSequence() != expected) {
            throw outOfOrder(tp, b.producerId(), expected, b.firstSequence());
        }
        return null;
    }

    /**
     * The state of {@code tp}, rebuilt from {@code log} on first use and whenever the partition's log
     * is a different instance than the one the state was built from.
     */
    private PartitionProducers stateOf(TopicPartition tp, PartitionLog log) {
        PartitionProducers state = partitions.get(tp);
        if (state != null && state.log == log) {
            return state;
        }
        // Built outside the map's lock (it reads the disk); a concurrent builder's copy is equally good.
        PartitionProducers rebuilt = rebuild(log);
        return partitions.compute(tp, (k, current) -> current != null && current.log == log ? current : rebuilt);
    }

    static PartitionProducers rebuild(PartitionLog log) {
        PartitionProducers state = new PartitionProducers(log);
        for (ProducerBatch b : log.producerBatches(RECOVERY_SCAN_BYTES)) {
            ProducerEntry entry = state.producers.get(b.producerId());
            if (entry == null) {
                entry = new ProducerEntry();
                entry.epoch = b.producerEpoch();
                state.producers.put(b.producerId(), entry);
            } else if (b.producerEpoch() > entry.epoch) {
                entry.batches.clear();
                entry.epoch = b.producerEpoch();
            } else if (b.producerEpoch() < entry.epoch) {
                continue; // a fenced producer's leftover: the newer epoch is what counts
            }
            entry.add(new BatchMetadata(b.baseSequence(), b.lastSequence(), b.baseOffset(), b.lastOffset()));
        }
        return state;
    }

    /**
     * The batches of idempotent producers in a produce request's records, in order, with the offset
     * each will start at relative to the first. Parsing stops at the first batch that is not a whole
     * magic v2 batch: the log refuses such input anyway, and refuses it as a whole.
     */
    private static List<Incoming> idempotentBatches(ByteBuffer batches) {
        List<Incoming> out = new ArrayList<>(1);
        long offsetDelta = 0;
        int pos = batches.position();
        int limit = batches.limit();
        while (limit - pos >= HEADER_BYTES && batches.get(pos + MAGIC_OFFSET) == 2) {
            long size = batches.getInt(pos + LENGTH_OFFSET) + (long) LOG_OVERHEAD;
            if (size < HEADER_BYTES || pos + size > limit) {
                break;
            }
            int lastOffsetDelta = batches.getInt(pos + LAST_OFFSET_DELTA_OFFSET);
            long producerId = batches.getLong(pos + PRODUCER_ID_OFFSET);
            if (producerId >= 0) {
                int firstSequence = batches.getInt(pos + BASE_SEQUENCE_OFFSET);
                out.add(new Incoming(producerId, batches.getShort(pos + PRODUCER_EPOCH_OFFSET), firstSequence,
                        ProducerBatch.lastSequence(firstSequence, lastOffsetDelta), offsetDelta, lastOffsetDelta));
            }
            offsetDelta += lastOffsetDelta + 1L;
            pos += (int) size;
        }
        return out;
    }

    private static int nextSequence(int sequence) {
        return sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
    }

    private static StrataException outOfOrder(TopicPartition tp, long producerId, int expected, int actual) {
        return new StrataException(ErrorKind.OUT_OF_ORDER_SEQUENCE_NUMBER, "Out of order sequence number for producer "
                + producerId + " on " + tp + ": expected " + expected + ", got " + actual);
    }
}
