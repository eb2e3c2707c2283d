package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One entry of {@code records:batch}: a {@link ProduceRecord} with a caller-chosen, unique {@code id}. */
public record BatchProduceEntry(
        String id,
        @JsonProperty("partition_id") Integer partitionId,
        List<RecordHeader> headers,
        RecordData key,
        RecordData value,
        JsonNode timestamp) {

    public ProduceRecord record() {
        return new ProduceRecord(partitionId, headers, key, value, timestamp);
    }
}
