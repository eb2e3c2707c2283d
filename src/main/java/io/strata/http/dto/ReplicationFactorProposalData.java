package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code StrataReplicationFactorProposal} (a Strata extension): per partition, the replicas it has
 * (its reassignment target, if one runs) and the target replica list for the asked-for factor.
 */
public record ReplicationFactorProposalData(
        String kind,
        ResourceMetadata metadata,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("topic_name") String topicName,
        @JsonProperty("replication_factor") int replicationFactor,
        List<PartitionProposal> partitions) {

    /** One partition's proposal; {@code adding}/{@code removing} say what would move. */
    public record PartitionProposal(
            @JsonProperty("partition_id") int partitionId,
            @JsonProperty("current_replicas") List<Integer> currentReplicas,
            @JsonProperty("target_replicas") List<Integer> targetReplicas,
            @JsonProperty("adding_replicas") List<Integer> addingReplicas,
            @JsonProperty("removing_replicas") List<Integer> removingReplicas) {}
}
