package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A record read back; {@code key}/{@code value} are null for null bytes, {@code timestamp} is ISO-8601. */
public record ConsumedRecord(
        @JsonProperty("partition_id") int partitionId,
        long offset,
        String timestamp,
        EncodedData key,
        EncodedData value,
        List<RecordHeader> headers) {}
