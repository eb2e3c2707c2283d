package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One record to produce. {@code timestamp} is an ISO-8601 instant or epoch milliseconds; absent, the
 * broker's time. Absent {@code partition_id}: keyed records go where Kafka's default partitioner
 * puts them, unkeyed ones round-robin.
 */
public record ProduceRecord(
        @JsonProperty("partition_id") Integer partitionId,
        List<RecordHeader> headers,
        RecordData key,
        RecordData value,
        JsonNode timestamp) {}
