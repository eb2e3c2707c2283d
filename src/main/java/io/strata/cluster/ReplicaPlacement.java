package io.strata.cluster;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.metadata.BrokerInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rack-aware replica assignment in the spirit of Kafka's: brokers are ordered so that racks
 * alternate, partition p's leader is the broker at {@code start + p}, and each follower is the next
 * broker (after a shift that grows every full round, so follower sets vary) on a rack the
 * partition does not use yet; only when every rack is used may racks repeat. Brokers without a
 * rack form one more rack. Deterministic: the same brokers, topic and counts give the same result.
 */
public final class ReplicaPlacement {

    private ReplicaPlacement() {}

    public static List<List<Integer>> assign(
            String topic, List<BrokerInfo> liveBrokers, int firstPartition, int partitionCount, int replicationFactor) {
        if (replicationFactor <= 0) {
            throw new StrataException(ErrorKind.INVALID_REPLICATION_FACTOR, "Replication factor must be larger than 0.");
        }
        if (replicationFactor > liveBrokers.size()) {
            throw new StrataException(ErrorKind.INVALID_REPLICATION_FACTOR, "Replication factor: " + replicationFactor
                    + " larger than available brokers: " + liveBrokers.size() + ".");
        }
        List<BrokerInfo> ordered = rackAlternated(liveBrokers);
        int n = ordered.size();
        int start = Math.floorMod(topic.hashCode(), n);
        List<List<Integer>> assignment = new ArrayList<>(partitionCount);
        for (int p = firstPartition; p < firstPartition + partitionCount; p++) {
            int leaderIndex = (start + p) % n;
            int shift = n > 1 ? 1 + (p / n) % (n - 1) : 0;
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            Set<String> racksUsed = new HashSet<>();
            BrokerInfo leader = ordered.get(leaderIndex);
            replicas.add(leader.nodeId());
            racksUsed.add(rackOf(leader));
            for (int k = 0; k < n && replicas.size() < replicationFactor; k++) {
                BrokerInfo candidate = ordered.get((leaderIndex + shift + k) % n);
                if (!replicas.contains(candidate.nodeId()) && !racksUsed.contains(rackOf(candidate))) {
                    replicas.add(candidate.nodeId());
                    racksUsed.add(rackOf(candidate));
                }
            }
            // Every rack holds a replica now; the rest may share racks.
            for (int k = 0; k < n && replicas.size() < replicationFactor; k++) {
                BrokerInfo candidate = ordered.get((leaderIndex + shift + k) % n);
                if (!replicas.contains(candidate.nodeId())) {
                    replicas.add(candidate.nodeId());
                }
            }
            assignment.add(List.copyOf(replicas));
        }
        return assignment;
    }

    private static String rackOf(BrokerInfo broker) {
        return broker.rack().orElse("\u0000no-rack");
    }

    /** Brokers ordered rack by rack in turn: a1, b1, c1, a2, b2, ... (racks and brokers sorted). */
    static List<BrokerInfo> rackAlternated(List<BrokerInfo> brokers) {
        Map<String, List<BrokerInfo>> byRack = new LinkedHashMap<>();
        brokers.stream()
                .sorted(Comparator.comparing(ReplicaPlacement::rackOf).thenComparingInt(BrokerInfo::nodeId))
                .forEach(b -> byRack.computeIfAbsent(rackOf(b), r -> new ArrayList<>()).add(b));
        List<BrokerInfo> ordered = new ArrayList<>(brokers.size());
        for (int round = 0; ordered.size() < brokers.size(); round++) {
            for (List<BrokerInfo> rack : byRack.values()) {
                if (round < rack.size()) {
                    ordered.add(rack.get(round));
                }
            }
        }
        return ordered;
    }
}
