package io.strata.broker;

import io.strata.common.TopicPartition;
import java.util.List;

/**
 * An ISR change a partition leader wants to write: from {@code currentIsr} to {@code proposedIsr},
 * valid only while the partition still has this leader, leader epoch and partition epoch (the
 * compare-and-set that {@link io.strata.metadata.IsrStore#alterIsr} performs).
 */
public record IsrProposal(TopicPartition topicPartition, String topicId, int leader, int leaderEpoch,
        int partitionEpoch, List<Integer> currentIsr, List<Integer> proposedIsr) {

    public IsrProposal {
        currentIsr = List.copyOf(currentIsr);
        proposedIsr = List.copyOf(proposedIsr);
    }
}
