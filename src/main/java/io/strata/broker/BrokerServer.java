package io.strata.broker;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.strata.cluster.BrokerRegistration;
import io.strata.cluster.Controller;
import io.strata.config.StrataConfig;
import io.strata.metadata.BrokerInfo;
import io.strata.metadata.DedicatedConnections;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataImage;
import io.strata.metadata.MetadataNotifications;
import io.strata.metadata.MetadataStore;
import io.strata.metadata.PartitionInfo;
import io.strata.metadata.TopicInfo;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Brings the broker up in order: logs recovered, cluster id known, broker registered, metadata
 * loaded and applied to the logs, then LISTEN/NOTIFY and the controller candidacy started. The
 * started health check reads {@link #started()}; the timers here (heartbeat, metadata refresh,
 * retention, recovery-point checkpoints) only act once started.
 *
 * <p>On shutdown, before the logs close (the partition manager observes shutdown later), it runs a
 * controlled shutdown: marks itself shutting down, lets the controller (itself, if it is the
 * controller) move its leaderships away, waits a bounded time for that, gives up the controller role
 * and deregisters, so the rest of the cluster need not wait for its heartbeat to expire.
 */
@ApplicationScoped
public class BrokerServer {

    private static final Logger LOG = Logger.getLogger(BrokerServer.class);

    private final StrataConfig config;
    private final PartitionManager partitions;
    private final MetadataStore store;
    private final MetadataCache metadata;
    private final BrokerRegistration registration;
    private final Controller controller;
    private final DedicatedConnections connections;
    private final int httpPort;
    private volatile MetadataNotifications notifications;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile String clusterId;

    @Inject
    public BrokerServer(StrataConfig config, PartitionManager partitions, MetadataStore store, MetadataCache metadata,
            BrokerRegistration registration, Controller controller, DedicatedConnections connections,
            @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        this.config = config;
        this.partitions = partitions;
        this.store = store;
        this.metadata = metadata;
        this.registration = registration;
        this.controller = controller;
        this.connections = connections;
        this.httpPort = httpPort;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        if (config.auth().mode() == StrataConfig.AuthMode.none) {
            LOG.warn("*** strata.auth.mode=none: this broker accepts every request WITHOUT authentication or "
                    + "authorization. Never expose it beyond a trusted network. ***");
        }
        long startNanos = System.nanoTime();
        partitions.startup();
        clusterId = store.ensureClusterId();
        try {
            registration.register(config.kafka().port(), httpPort);
        } catch (BrokerRegistration.NodeIdInUseException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        partitions.applyImage(partitions.logManager(), metadata.refresh());
        MetadataNotifications listener = new MetadataNotifications(connections, this::refreshQuietly);
        listener.start();
        notifications = listener;
        controller.start();
        started.set(true);
        LOG.infof("Broker %d of cluster %s started in %d ms (data in %s)", config.nodeId(), clusterId,
                (System.nanoTime() - startNanos) / 1_000_000, config.dataDir());
    }

    public boolean started() {
        return started.get();
    }

    public String clusterId() {
        return clusterId;
    }

    @Scheduled(every = "${strata.metadata.heartbeat-interval:PT1S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (started.get()) {
            registration.heartbeat();
        }
    }

    @Scheduled(every = "${strata.metadata.refresh-interval:PT10S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshMetadata() {
        if (!started.get()) {
            return;
        }
        try {
            metadata.refresh();
        } catch (RuntimeException e) {
            LOG.debugf("Metadata refresh failed, keeping the last image: %s", e.getMessage());
        }
    }

    private void refreshQuietly() {
        if (started.get()) {
            metadata.refresh();
        }
    }

    /** Runs before PartitionManager's shutdown (priority 100), while the logs still serve. */
    void onShutdown(@Observes @Priority(50) ShutdownEvent event) {
        boolean wasStarted = started.getAndSet(false);
        if (wasStarted) {
            controlledShutdown();
        }
        controller.stop();
        try {
            registration.deregister();
        } catch (RuntimeException e) {
            LOG.warnf("Could not deregister (the cluster will notice when the heartbeat expires): %s", e.getMessage());
        }
        MetadataNotifications listener = notifications;
        if (listener != null) {
            listener.close();
        }
    }

    private void controlledShutdown() {
        long timeoutMs = config.controller().controlledShutdownTimeout().toMillis();
        long deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000;
        try {
            registration.markShuttingDown();
            if (controller.isController()) {
                controller.reconcileNow(timeoutMs);
            }
            while (true) {
                int movable = leadershipsThatCanMove(metadata.refresh());
                if (movable == 0) {
                    LOG.infof("Controlled shutdown: broker %d leads no partition another in-sync replica could take",
                            config.nodeId());
                    return;
                }
                if (System.nanoTime() > deadlineNanos) {
                    LOG.warnf("Controlled shutdown: %d leaderships did not move within %d ms; stopping anyway", movable,
                            timeoutMs);
                    return;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("Controlled shutdown could not move leaderships: %s", e.getMessage());
        }
    }

    /** Partitions this broker leads although another live, non-stopping ISR member could. */
    private int leadershipsThatCanMove(MetadataImage image) {
        int me = config.nodeId();
        int count = 0;
        for (TopicInfo topic : image.allTopics()) {
            for (PartitionInfo p : topic.partitions()) {
                if (p.leader() == me && p.isr().stream().anyMatch(r -> r != me
                        && image.broker(r).map(BrokerInfo::eligibleLeader).orElse(false))) {
                    count++;
                }
            }
        }
        return count;
    }

    @Scheduled(every = "${strata.log.retention-check-interval:PT5M}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retention() {
        if (started.get()) {
            int deleted = partitions.retentionPass();
            if (deleted > 0) {
                LOG.infof("Retention deleted %d segments", deleted);
            }
        }
    }

    @Scheduled(every = "${strata.log.recovery-point-checkpoint-interval:PT60S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkpoint() {
        if (started.get()) {
            partitions.checkpoint();
            partitions.metrics().refreshCleanerGauges();
        }
    }
}
