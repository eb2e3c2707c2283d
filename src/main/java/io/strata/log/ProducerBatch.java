package io.strata.log;

/**
 * What an idempotent producer's batch left in the log: enough to rebuild de-duplication state after a
 * restart (Kafka's producer state snapshot holds the same per batch).
 *
 * @param producerId    the producer id (never negative here: batches without one are not reported)
 * @param producerEpoch the producer epoch
 * @param baseSequence  sequence number of the first record
 * @param lastSequence  sequence number of the last record (wraps past Integer.MAX_VALUE to 0, as Kafka's)
 * @param baseOffset    offset of the first record
 * @param lastOffset    offset of the last record
 */
public record ProducerBatch(long producerId, short producerEpoch, int baseSequence, int lastSequence, long baseOffset,
                            long lastOffset) {

    /** The sequence of the last record of a batch of {@code lastOffsetDelta + 1} records starting at {@code baseSequence}. */
    public static int lastSequence(int baseSequence, int lastOffsetDelta) {
        return (int) ((baseSequence + (long) lastOffsetDelta) % (Integer.MAX_VALUE + 1L));
    }
}
