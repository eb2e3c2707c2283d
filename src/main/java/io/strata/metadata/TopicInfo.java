package io.strata.metadata;

import java.util.List;
import java.util.Map;

/** A topic: its id (a UUID string), name, configured overrides and partitions in partition order. */
public record TopicInfo(
        String topicId, String name, int replicationFactor, Map<String, String> configs, List<PartitionInfo> partitions) {

    public TopicInfo {
        configs = Map.copyOf(configs);
        partitions = List.copyOf(partitions);
    }

    public int partitionCount() {
        return partitions.size();
    }

    public PartitionInfo partition(int partitionId) {
        return partitions.get(partitionId);
    }
}
