package io.strata.broker;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.strata.cluster.BrokerRegistration;
import io.strata.config.StrataConfig;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Brings the broker up in order: logs recovered, cluster id known, broker registered, metadata
 * loaded and applied to the logs. The started health check reads {@link #started()}; the timers
 * here (heartbeat, metadata refresh, retention, recovery-point checkpoints) only act once started.
 */
@ApplicationScoped
public class BrokerServer {

    private static final Logger LOG = Logger.getLogger(BrokerServer.class);

    private final StrataConfig config;
    private final PartitionManager partitions;
    private final MetadataStore store;
    private final MetadataCache metadata;
    private final BrokerRegistration registration;
    private final int httpPort;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile String clusterId;

    @Inject
    public BrokerServer(StrataConfig config, PartitionManager partitions, MetadataStore store, MetadataCache metadata,
            BrokerRegistration registration, @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        this.config = config;
        this.partitions = partitions;
        this.store = store;
        this.metadata = metadata;
        this.registration = registration;
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
        registration.register(config.kafka().port(), httpPort);
        partitions.applyImage(partitions.logManager(), metadata.refresh());
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
        }
    }
}
