package io.strata.broker;

import io.strata.log.Header;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A record to produce from a front end that does not speak Kafka batches (HTTP): its partition
 * when the caller chose one, key and value (either may be null), headers and create time.
 */
public record OutgoingRecord(OptionalInt partition, byte[] key, byte[] value, List<Header> headers, OptionalLong timestampMs) {

    public OutgoingRecord {
        headers = List.copyOf(headers);
    }

    /** An upper bound on the record's encoded size (varint fields at their widest). */
    int estimatedSizeBytes() {
        int size = 21 + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header h : headers) {
            size += 10 + h.key().length() * 3 + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }
}
