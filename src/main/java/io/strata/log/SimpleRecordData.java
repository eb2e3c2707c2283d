package io.strata.log;

import java.util.List;

/**
 * A record to be built into a batch: key and value may be null (a null value is a tombstone on
 * compacted topics).
 */
public record SimpleRecordData(long timestampMs, byte[] key, byte[] value, List<Header> headers) {

    public SimpleRecordData {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public SimpleRecordData(long timestampMs, byte[] key, byte[] value) {
        this(timestampMs, key, value, List.of());
    }
}
