package io.strata.log;

/**
 * The answer to OffsetForLeaderEpoch: the largest epoch at or below the requested one and the offset
 * where it ended; both {@link #UNDEFINED} values when the log cannot tell.
 */
public record EpochEndOffset(int leaderEpoch, long endOffset) {

    public static final int UNDEFINED_EPOCH = -1;
    public static final long UNDEFINED_EPOCH_OFFSET = -1L;
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET);
}
