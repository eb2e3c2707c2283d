package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code KafkaTopic}. */
public record TopicData(
        String kind,
        ResourceMetadata metadata,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("topic_name") String topicName,
        @JsonProperty("is_internal") boolean internal,
        @JsonProperty("replication_factor") int replicationFactor,
        @JsonProperty("partitions_count") int partitionsCount,
        Related partitions,
        Related configs) {}
