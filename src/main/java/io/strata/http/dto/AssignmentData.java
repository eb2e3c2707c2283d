package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One partition assigned to a consumer. */
public record AssignmentData(@JsonProperty("topic_name") String topicName, @JsonProperty("partition_id") int partitionId) {}
