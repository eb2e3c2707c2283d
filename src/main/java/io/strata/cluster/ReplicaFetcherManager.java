package io.strata.cluster;

import io.quarkus.runtime.ShutdownEvent;
import io.strata.broker.PartitionManager;
import io.strata.common.TopicPartition;
import io.strata.config.StrataConfig;
import io.strata.metadata.MetadataImage;
import io.strata.metadata.PartitionInfo;
import io.strata.metadata.TopicInfo;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps one {@link ReplicaFetcher} per leader broker that this broker follows partitions of, in step
 * with the metadata image: a partition is followed while this broker is one of its replicas and
 * another live assignment names a leader; its fetcher is the one for that leader, and a new leader
 * epoch restarts it with reconciliation by leader epoch.
 *
 * <p>Invariants: at most one fetcher per source broker; a fetcher with no partitions is stopped.
 * Nothing is started before the logs are loaded, and every fetcher stops before they close (this
 * observes shutdown before the partition manager does).
 *
 * <p>Thread-safety: image changes and shutdown are serialized on this object.
 */
@ApplicationScoped
public class ReplicaFetcherManager {

    private static final Logger LOG = Logger.getLogger(ReplicaFetcherManager.class);

    private final StrataConfig config;
    private final PartitionManager partitions;
    private final BrokerConnector connector;
    private final Map<Integer, ReplicaFetcher> fetchers = new HashMap<>();
    private boolean stopped;

    @Inject
    public ReplicaFetcherManager(StrataConfig config, PartitionManager partitions) {
        this.config = config;
        this.connector = new BrokerConnector(config);
        this.partitions = partitions;
    }

    /** After the partition manager (default observer priority 2500) has created the image's logs. */
    void onImage(@Observes @Priority(5000) MetadataImage image) {
        if (partitions.started()) {
            apply(image);
        }
    }

    synchronized void apply(MetadataImage image) {
        if (stopped) {
            return;
        }
        int me = config.nodeId();
        Map<Integer, Map<TopicPartition, ReplicaFetcher.Assignment>> wanted = new HashMap<>();
        for (TopicInfo topic : image.allTopics()) {
            for (PartitionInfo p : topic.partitions()) {
                if (p.replicas().contains(me) && p.leader() >= 0 && p.leader() != me) {
                    wanted.computeIfAbsent(p.leader(), k -> new HashMap<>()).put(new TopicPartition(topic.name(), p.partition()),
                            new ReplicaFetcher.Assignment(topic.topicId(), p.leader(), p.leaderEpoch()));
                }
            }
        }
        fetchers.entrySet().removeIf(e -> {
            if (wanted.containsKey(e.getKey())) {
                return false;
            }
            LOG.infof("Stopping the replica fetcher for broker %d: this broker follows nothing it leads", e.getKey());
            e.getValue().shutdown();
            return true;
        });
        wanted.forEach((leader, assigned) -> {
            ReplicaFetcher fetcher = fetchers.computeIfAbsent(leader, id -> {
                LOG.infof("Starting a replica fetcher for broker %d", id);
                ReplicaFetcher f = new ReplicaFetcher(id, me, partitions, config.replication().fetchMaxWait(),
                        config.replication().fetchMaxBytesPerPartition(), config.replication().fetchBackoff(), connector);
                f.endpoint(image.broker(id).orElse(null));
                f.start();
                return f;
            });
            fetcher.endpoint(image.broker(leader).orElse(null));
            fetcher.assign(assigned);
        });
    }

    /** Before the partition manager closes the logs (priority 100) and after controlled shutdown (50). */
    void onShutdown(@Observes @Priority(90) ShutdownEvent event) {
        synchronized (this) {
            stopped = true;
        }
        for (ReplicaFetcher f : fetchersSnapshot()) {
            f.shutdown();
        }
    }

    private synchronized java.util.List<ReplicaFetcher> fetchersSnapshot() {
        java.util.List<ReplicaFetcher> all = java.util.List.copyOf(fetchers.values());
        fetchers.clear();
        return all;
    }
}
