package io.strata.metadata;

import java.util.List;
import java.util.Map;

/** A validated topic ready to be written: {@code assignment.get(p)} lists partition p's replicas, leader first. */
public record NewTopic(String name, int replicationFactor, Map<String, String> configs, List<List<Integer>> assignment) {

    public NewTopic {
        configs = Map.copyOf(configs);
        assignment = assignment.stream().map(List::copyOf).toList();
    }
}
