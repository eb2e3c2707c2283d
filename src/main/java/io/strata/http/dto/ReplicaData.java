package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code KafkaReplica}: one broker's copy of a partition. */
public record ReplicaData(
        String kind,
        ResourceMetadata metadata,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("topic_name") String topicName,
        @JsonProperty("partition_id") int partitionId,
        @JsonProperty("broker_id") int brokerId,
        @JsonProperty("is_leader") boolean isLeader,
        @JsonProperty("is_in_sync") boolean isInSync,
        Related broker) {}
