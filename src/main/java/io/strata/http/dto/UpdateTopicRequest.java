package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code PATCH /topics/{topic}}: Confluent's {@code partitions_count} adds partitions; the
 * Strata extension {@code replication_factor} starts a reassignment of every partition to the
 * rack-aware proposal for that factor.
 */
public record UpdateTopicRequest(@JsonProperty("partitions_count") Integer partitionsCount,
        @JsonProperty("replication_factor") Integer replicationFactor) {}
