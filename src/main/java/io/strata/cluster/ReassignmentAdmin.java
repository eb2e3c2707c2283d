package io.strata.cluster;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.TopicPartition;
import io.strata.metadata.BrokerInfo;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataImage;
import io.strata.metadata.PartitionChange;
import io.strata.metadata.PartitionInfo;
import io.strata.metadata.ReassignmentStore;
import io.strata.metadata.ReplicaAssignment;
import io.strata.metadata.TopicInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Partition reassignment as every front end (Kafka AlterPartitionReassignments, HTTP) asks for it:
 * validation against the current image, the start or cancel write (a compare-and-set on the partition
 * epoch, retried on a fresh image when another writer got there first), the replication-factor
 * proposal, and a refresh of this broker's image so the caller reads its own write. Completion is the
 * controller's ({@link Reassignments#complete}).
 *
 * <p>Thread-safe: stateless besides the injected beans.
 */
@ApplicationScoped
public class ReassignmentAdmin {

    private static final Logger LOG = Logger.getLogger(ReassignmentAdmin.class);
    /** Compare-and-set rounds before giving up on a partition whose epoch keeps moving (ISR churn). */
    private static final int MAX_ROUNDS = 10;

    private final ReassignmentStore store;
    private final MetadataCache cache;

    @Inject
    public ReassignmentAdmin(ReassignmentStore store, MetadataCache cache) {
        this.store = store;
        this.cache = cache;
    }

    /**
     * Starts, replaces ({@code Optional.of(target)}) or cancels ({@code Optional.empty()}) the
     * reassignment of each partition. Each partition succeeds or fails alone: the result maps it to
     * empty on success or to its failure (UNKNOWN_TOPIC_OR_PARTITION, INVALID_REPLICA_ASSIGNMENT,
     * NO_REASSIGNMENT_IN_PROGRESS, REQUEST_TIMED_OUT when its epoch kept moving).
     */
    public Map<TopicPartition, Optional<StrataException>> alter(Map<TopicPartition, Optional<List<Integer>>> requests) {
        Map<TopicPartition, Optional<StrataException>> results = new LinkedHashMap<>();
        Map<TopicPartition, Optional<List<Integer>>> pending = new LinkedHashMap<>(requests);
        for (int round = 0; round < MAX_ROUNDS && !pending.isEmpty(); round++) {
            MetadataImage image = cache.refresh();
            LeaderElection.Liveness brokers = liveness(image);
            List<PartitionChange> changes = new ArrayList<>();
            Map<PartitionChange, TopicPartition> keys = new HashMap<>();
            for (var e : pending.entrySet()) {
                TopicPartition tp = e.getKey();
                try {
                    TopicInfo topic = requirePartition(image, tp);
                    PartitionInfo p = topic.partition(tp.partition());
                    Optional<PartitionChange> change;
                    if (e.getValue().isPresent()) {
                        Reassignments.validateTarget(e.getValue().get(), image.brokers().keySet());
                        change = Reassignments.start(topic.topicId(), topic.name(), p, e.getValue().get(), brokers);
                    } else {
                        change = Optional.of(Reassignments.cancel(topic.topicId(), topic.name(), p, brokers));
                    }
                    if (change.isEmpty()) {
                        results.put(tp, Optional.empty()); // already exactly so
                    } else {
                        changes.add(change.get());
                        keys.put(change.get(), tp);
                    }
                } catch (StrataException failure) {
                    results.put(tp, Optional.of(failure));
                }
            }
            for (PartitionChange applied : store.apply(changes)) {
                TopicPartition tp = keys.get(applied);
                results.put(tp, Optional.empty());
                ReplicaAssignment a = applied.assignment().orElseThrow();
                LOG.infof("%s: replicas %s (adding %s, removing %s), ISR %s, leader %d", tp, a.replicas(), a.adding(),
                        a.removing(), applied.isr(), applied.leader());
            }
            pending.keySet().removeAll(results.keySet());
        }
        pending.keySet().forEach(tp -> results.put(tp, Optional.of(new StrataException(ErrorKind.REQUEST_TIMED_OUT,
                "Partition " + tp + " kept changing while its reassignment was written; retry"))));
        cache.refresh();
        Map<TopicPartition, Optional<StrataException>> ordered = new LinkedHashMap<>();
        requests.keySet().forEach(tp -> ordered.put(tp, results.get(tp)));
        return ordered;
    }

    /**
     * Per-partition target replica lists for {@code topic} at {@code replicationFactor}, from its current
     * targets and the live brokers ({@link ReplicaPlacement#changeReplicationFactor}).
     */
    public List<List<Integer>> proposeReplicationFactor(String topicName, int replicationFactor) {
        MetadataImage image = cache.refresh();
        TopicInfo topic = image.topic(topicName).orElseThrow(() -> unknownTopic(topicName));
        List<List<Integer>> current = topic.partitions().stream().map(PartitionInfo::targetReplicas).toList();
        return ReplicaPlacement.changeReplicationFactor(current, image.liveBrokers(), replicationFactor);
    }

    /** Starts the reassignment of every partition of {@code topic} to the proposal for {@code replicationFactor}. */
    public Map<TopicPartition, Optional<StrataException>> changeReplicationFactor(String topicName, int replicationFactor) {
        List<List<Integer>> proposal = proposeReplicationFactor(topicName, replicationFactor);
        Map<TopicPartition, Optional<List<Integer>>> requests = new LinkedHashMap<>();
        for (int p = 0; p < proposal.size(); p++) {
            requests.put(new TopicPartition(topicName, p), Optional.of(proposal.get(p)));
        }
        return alter(requests);
    }

    private static TopicInfo requirePartition(MetadataImage image, TopicPartition tp) {
        TopicInfo topic = image.topic(tp.topic()).orElseThrow(() -> unknownTopic(tp.topic()));
        if (tp.partition() < 0 || tp.partition() >= topic.partitionCount()) {
            throw new StrataException(ErrorKind.UNKNOWN_TOPIC_OR_PARTITION,
                    "This server does not host this topic-partition: " + tp);
        }
        return topic;
    }

    private static StrataException unknownTopic(String name) {
        return new StrataException(ErrorKind.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic: " + name);
    }

    /** Liveness as the image saw it (the controller polls its own; an admin request needs no fresher view). */
    static LeaderElection.Liveness liveness(MetadataImage image) {
        return new LeaderElection.Liveness() {
            @Override
            public boolean alive(int nodeId) {
                return image.broker(nodeId).map(BrokerInfo::alive).orElse(false);
            }

            @Override
            public boolean shuttingDown(int nodeId) {
                return image.broker(nodeId).map(BrokerInfo::shuttingDown).orElse(false);
            }
        };
    }
}
