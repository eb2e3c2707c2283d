package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code PATCH /topics/{topic}}: Confluent's way to add partitions. */
public record UpdatePartitionCountRequest(@JsonProperty("partitions_count") Integer partitionsCount) {}
