package io.strata.cluster;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.metadata.BrokerInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
        requireReplicationFactor(replicationFactor, liveBrokers.size());
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

    /**
     * Target replica lists that give every partition {@code replicationFactor} replicas with as little
     * movement as possible: existing replicas stay, in their order (so the preferred leader stays
     * first). A partition that needs more gets live brokers it does not use yet, a rack it does not use
     * yet first, then the broker holding the fewest of the topic's replicas, then the one following its
     * first replica in the rack-alternating order (as {@link #assign} places followers). A partition
     * that needs fewer drops replicas on dead brokers first, then ones whose rack the partition uses
     * twice, then the most loaded, then the last listed; its first replica stays unless it is dead.
     * Deterministic: the same lists and brokers give the same result.
     *
     * @param current the partitions' current (target) replica lists, in partition order
     * @throws StrataException INVALID_REPLICATION_FACTOR when the factor is below 1 or above the live brokers
     */
    public static List<List<Integer>> changeReplicationFactor(List<List<Integer>> current, List<BrokerInfo> liveBrokers,
            int replicationFactor) {
        requireReplicationFactor(replicationFactor, liveBrokers.size());
        List<BrokerInfo> ordered = rackAlternated(liveBrokers);
        Map<Integer, Integer> position = new HashMap<>();
        Map<Integer, String> racks = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            position.put(ordered.get(i).nodeId(), i);
            racks.put(ordered.get(i).nodeId(), rackOf(ordered.get(i)));
        }
        Map<Integer, Integer> load = new HashMap<>();
        current.forEach(replicas -> replicas.forEach(b -> load.merge(b, 1, Integer::sum)));
        List<List<Integer>> target = new ArrayList<>(current.size());
        for (int p = 0; p < current.size(); p++) {
            List<Integer> replicas = new ArrayList<>(current.get(p));
            while (replicas.size() > replicationFactor) {
                int victim = shrinkVictim(replicas, racks, load);
                load.merge(replicas.remove(victim), -1, Integer::sum);
            }
            int anchor = position.getOrDefault(replicas.isEmpty() ? -1 : replicas.get(0), p % ordered.size());
            while (replicas.size() < replicationFactor) {
                Set<String> racksUsed = new HashSet<>();
                replicas.forEach(b -> racksUsed.add(racks.getOrDefault(b, "")));
                int n = ordered.size();
                BrokerInfo chosen = ordered.stream()
                        .filter(b -> !replicas.contains(b.nodeId()))
                        .min(Comparator.<BrokerInfo>comparingInt(b -> racksUsed.contains(rackOf(b)) ? 1 : 0)
                                .thenComparingInt(b -> load.getOrDefault(b.nodeId(), 0))
                                .thenComparingInt(b -> Math.floorMod(position.get(b.nodeId()) - anchor, n)))
                        .orElseThrow();
                replicas.add(chosen.nodeId());
                load.merge(chosen.nodeId(), 1, Integer::sum);
            }
            target.add(List.copyOf(replicas));
        }
        return target;
    }

    /** The index of the replica to drop (see {@link #changeReplicationFactor}); racks holds live brokers only. */
    private static int shrinkVictim(List<Integer> replicas, Map<Integer, String> racks, Map<Integer, Integer> load) {
        Map<String, Integer> rackCount = new HashMap<>();
        replicas.stream().filter(racks::containsKey).forEach(b -> rackCount.merge(racks.get(b), 1, Integer::sum));
        Comparator<Integer> worse = Comparator.<Integer>comparingInt(i -> racks.containsKey(replicas.get(i)) ? 0 : 1)
                .thenComparingInt(i -> rackCount.getOrDefault(racks.get(replicas.get(i)), 0) > 1 ? 1 : 0)
                .thenComparingInt(i -> load.getOrDefault(replicas.get(i), 0))
                .thenComparingInt(i -> i);
        int first = racks.containsKey(replicas.get(0)) ? 1 : 0; // a live first replica stays the preferred leader
        int victim = first;
        for (int i = first + 1; i < replicas.size(); i++) {
            if (worse.compare(i, victim) > 0) {
                victim = i;
            }
        }
        return victim;
    }

    private static void requireReplicationFactor(int replicationFactor, int liveBrokers) {
        if (replicationFactor <= 0) {
            throw new StrataException(ErrorKind.INVALID_REPLICATION_FACTOR, "Replication factor must be larger than 0.");
        }
        if (replicationFactor > liveBrokers) {
            throw new StrataException(ErrorKind.INVALID_REPLICATION_FACTOR, "Replication factor: " + replicationFactor
                    + " larger than available brokers: " + liveBrokers + ".");
        }
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
