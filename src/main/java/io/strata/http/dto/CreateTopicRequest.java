package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Body of {@code POST /topics}. Absent {@code partitions_count} / {@code replication_factor} take
 * the broker defaults (as Kafka's -1 does).
 */
public record CreateTopicRequest(
        @JsonProperty("topic_name") String topicName,
        @JsonProperty("partitions_count") Integer partitionsCount,
        @JsonProperty("replication_factor") Integer replicationFactor,
        List<ConfigEntry> configs,
        @JsonProperty("validate_only") Boolean validateOnly) {}
