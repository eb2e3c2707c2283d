package io.strata.log;

import java.nio.ByteBuffer;

/**
 * Whole record batches read from a log, exactly as stored, ready to be sent to a consumer or follower.
 *
 * @param records              the batch bytes between position and limit (empty when nothing was readable)
 * @param firstBatchBaseOffset base offset of the first batch, or -1 when empty (may be below the requested
 *                             offset: batches are never split, the client skips the leading records)
 * @param nextOffset           offset just after the last returned batch; the requested offset when empty
 * @param highWatermark        the log's high watermark when the read started
 * @param logStartOffset       the log's start offset when the read started
 * @param logEndOffset         the log's end offset when the read started
 */
public record ReadResult(ByteBuffer records, long firstBatchBaseOffset, long nextOffset,
                         long highWatermark, long logStartOffset, long logEndOffset) {

    public int sizeInBytes() {
        return records.remaining();
    }

    public boolean isEmpty() {
        return !records.hasRemaining();
    }
}
