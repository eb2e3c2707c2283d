package io.strata.cluster;

import io.strata.config.StrataConfig;
import io.strata.metadata.BrokerInfo;
import io.strata.metadata.MetadataStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This broker's membership: registration with a fresh incarnation at start-up, then a heartbeat
 * that keeps it alive in the eyes of the cluster (judged by PostgreSQL's clock).
 */
@ApplicationScoped
public class BrokerRegistration {

    private static final Logger LOG = Logger.getLogger(BrokerRegistration.class);

    private final StrataConfig config;
    private final MetadataStore store;
    private final int httpPort;
    private final UUID incarnation = UUID.randomUUID();
    private final AtomicBoolean registered = new AtomicBoolean();
    private volatile boolean lastHeartbeatOk;

    @Inject
    public BrokerRegistration(StrataConfig config, MetadataStore store,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        this.config = config;
        this.store = store;
        this.httpPort = httpPort;
    }

    public void register(int kafkaPort, int boundHttpPort) {
        BrokerInfo me = new BrokerInfo(config.nodeId(), config.rack(), config.kafka().advertisedHost(),
                kafkaPort, boundHttpPort > 0 ? boundHttpPort : httpPort, true);
        store.registerBroker(me, incarnation);
        registered.set(true);
        lastHeartbeatOk = true;
        LOG.infof("Registered broker %d (rack %s, incarnation %s)", config.nodeId(), config.rack().orElse("none"), incarnation);
    }

    /** Called on a timer; a failed heartbeat (database unreachable) is logged, never fatal. */
    public void heartbeat() {
        if (!registered.get()) {
            return;
        }
        try {
            lastHeartbeatOk = store.heartbeat(config.nodeId(), incarnation);
            if (!lastHeartbeatOk) {
                LOG.errorf("Broker %d was registered again by another incarnation", config.nodeId());
            }
        } catch (RuntimeException e) {
            if (lastHeartbeatOk) {
                LOG.warnf("Heartbeat failed: %s", e.getMessage());
            }
            lastHeartbeatOk = false;
        }
    }

    public boolean registered() {
        return registered.get();
    }

    public boolean lastHeartbeatOk() {
        return lastHeartbeatOk;
    }

    public UUID incarnation() {
        return incarnation;
    }
}
