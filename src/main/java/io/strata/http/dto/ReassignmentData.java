package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code KafkaReassignment}: a partition's reassignment in progress (Confluent's fields), plus the
 * Strata extension {@code replica_ids}, the full replica list while it runs (target first). Lists
 * are empty for a partition that is not being reassigned (only in a PATCH answer).
 */
public record ReassignmentData(
        String kind,
        ResourceMetadata metadata,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("topic_name") String topicName,
        @JsonProperty("partition_id") int partitionId,
        @JsonProperty("adding_replicas") List<Integer> addingReplicas,
        @JsonProperty("removing_replicas") List<Integer> removingReplicas,
        Related replicas,
        @JsonProperty("replica_ids") List<Integer> replicaIds) {}
