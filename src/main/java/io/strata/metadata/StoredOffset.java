package io.strata.metadata;

/**
 * One committed consumer offset as stored in {@code consumer_offsets}.
 *
 * @param leaderEpoch   the leader epoch of the record before {@code offset}, or -1 when unknown
 * @param metadata      the client's free-form string; null is stored as null
 * @param commitTimeMs  when the broker stored it (milliseconds since the epoch)
 */
public record StoredOffset(String topic, int partition, long offset, int leaderEpoch, String metadata, long commitTimeMs) {}
