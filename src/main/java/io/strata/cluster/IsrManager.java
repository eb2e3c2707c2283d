package io.strata.cluster;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strata.broker.IsrProposal;
import io.strata.broker.PartitionManager;
import io.strata.config.StrataConfig;
import io.strata.metadata.IsrStore;
import io.strata.metadata.MetadataCache;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * ISR maintenance by the partition leader: periodically asks the partition manager which ISR changes
 * the partitions it leads call for (followers not caught up within
 * {@code strata.replication.replica-lag-time-max} leave; followers caught up to the high watermark
 * join) and writes each as a compare-and-set on the partition epoch ({@link IsrStore#alterIsr}). A
 * lost compare-and-set means the metadata moved on: the image is refreshed, and the next round decides
 * again on it.
 *
 * <p>Thread-safety: all work runs on one daemon thread.
 */
@ApplicationScoped
public class IsrManager {

    private static final Logger LOG = Logger.getLogger(IsrManager.class);

    private final StrataConfig config;
    private final PartitionManager partitions;
    private final IsrStore store;
    private final MetadataCache metadata;
    private ScheduledExecutorService executor;

    @Inject
    public IsrManager(StrataConfig config, PartitionManager partitions, IsrStore store, MetadataCache metadata) {
        this.config = config;
        this.partitions = partitions;
        this.store = store;
        this.metadata = metadata;
    }

    /** After the broker server started (priority 10): the logs and the first image are there. */
    synchronized void onStart(@Observes @Priority(20) StartupEvent event) {
        long lagMs = config.replication().replicaLagTimeMax().toMillis();
        // Often enough that a shrink happens soon after the lag limit, and an expansion within a second.
        long intervalMs = Math.max(50, Math.min(1_000, lagMs / 4));
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "strata-isr");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::tick, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            if (!partitions.started()) {
                return;
            }
            long lagNanos = config.replication().replicaLagTimeMax().toNanos();
            boolean anyAttempt = false;
            for (IsrProposal p : partitions.isrProposals(lagNanos)) {
                anyAttempt = true;
                boolean applied = store.alterIsr(p.topicId(), p.topicPartition().partition(), p.leader(), p.leaderEpoch(),
                        p.partitionEpoch(), p.proposedIsr());
                if (applied) {
                    LOG.infof("%s: ISR %s -> %s (leader %d, leader epoch %d, partition epoch %d -> %d)", p.topicPartition(),
                            p.currentIsr(), p.proposedIsr(), p.leader(), p.leaderEpoch(), p.partitionEpoch(),
                            p.partitionEpoch() + 1);
                } else {
                    LOG.debugf("%s: ISR change %s -> %s lost its compare-and-set on partition epoch %d; refreshing",
                            p.topicPartition(), p.currentIsr(), p.proposedIsr(), p.partitionEpoch());
                }
            }
            if (anyAttempt) {
                metadata.refresh();
            }
        } catch (RuntimeException e) {
            LOG.debugf("ISR maintenance failed, retrying on the next round: %s", e.getMessage());
        }
    }

    void onShutdown(@Observes @Priority(40) ShutdownEvent event) {
        ScheduledExecutorService ex;
        synchronized (this) {
            ex = executor;
            executor = null;
        }
        if (ex != null) {
            ex.shutdownNow();
        }
    }
}
