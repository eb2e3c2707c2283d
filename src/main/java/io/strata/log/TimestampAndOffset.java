package io.strata.log;

/**
 * The answer to a ListOffsets lookup: a record's timestamp (-1 for the earliest/latest special targets),
 * its offset and the leader epoch of its batch (-1 when unknown).
 */
public record TimestampAndOffset(long timestampMs, long offset, int leaderEpoch) {

    /** ListOffsets special target: the log start offset. */
    public static final long EARLIEST_TIMESTAMP = -2L;
    /** ListOffsets special target: the log end offset. */
    public static final long LATEST_TIMESTAMP = -1L;
    /** ListOffsets special target: the record with the largest timestamp. */
    public static final long MAX_TIMESTAMP = -3L;
    /** ListOffsets special target: earliest offset on local disk; equal to the log start offset here. */
    public static final long EARLIEST_LOCAL_TIMESTAMP = -4L;
}
