package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code KafkaCluster}. {@code controller} is null while no controller is known. */
public record ClusterData(
        String kind,
        ResourceMetadata metadata,
        @JsonProperty("cluster_id") String clusterId,
        Related controller,
        Related brokers,
        Related topics) {}
