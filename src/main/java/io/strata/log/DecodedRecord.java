package io.strata.log;

import java.util.List;

/** One record read back from stored batches, with the offset and leader epoch the log assigned. */
public record DecodedRecord(long offset, long timestampMs, int leaderEpoch, byte[] key, byte[] value, List<Header> headers) {

    public DecodedRecord {
        headers = List.copyOf(headers);
    }
}
