package io.strata.log;

/**
 * What an append did.
 *
 * @param firstOffset     offset of the first record appended
 * @param lastOffset      offset of the last record appended
 * @param maxTimestamp    largest record timestamp appended (the append time under LogAppendTime)
 * @param logAppendTimeMs the broker time stamped on the batches, or -1 under CreateTime
 * @param logStartOffset  the log start offset after the append
 * @param recordCount     number of records appended
 * @param validBytes      number of bytes appended
 */
public record LogAppendInfo(long firstOffset, long lastOffset, long maxTimestamp, long logAppendTimeMs,
                            long logStartOffset, int recordCount, int validBytes) {
}
