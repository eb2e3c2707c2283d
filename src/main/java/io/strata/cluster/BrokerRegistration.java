package io.strata.cluster;

import io.strata.config.StrataConfig;
import io.strata.metadata.BrokerInfo;
import io.strata.metadata.LiveIncarnation;
import io.strata.metadata.MetadataStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This broker's membership: registration with a fresh incarnation at start-up, then a heartbeat
 * that keeps it alive in the eyes of the cluster (judged by PostgreSQL's clock), and at the end a
 * controlled shutdown (shutting down, then deregistered).
 *
 * <p>Invariant: a node id is held by at most one live incarnation. A start-up that finds the node
 * id held waits up to one session timeout for that incarnation's heartbeat to expire (so a broker
 * killed and restarted at once comes back) and otherwise refuses to start.
 *
 * <p>Thread-safe: state is atomic or volatile; registration happens once, before the timers act.
 */
@ApplicationScoped
public class BrokerRegistration {

    private static final Logger LOG = Logger.getLogger(BrokerRegistration.class);
    private static final long RETRY_INTERVAL_MS = 500;

    private final StrataConfig config;
    private final MetadataStore store;
    private final int httpPort;
    private final UUID incarnation = UUID.randomUUID();
    private final AtomicBoolean registered = new AtomicBoolean();
    private volatile boolean heartbeatsStopped;
    private volatile boolean lastHeartbeatOk;

    @Inject
    public BrokerRegistration(StrataConfig config, MetadataStore store,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        this.config = config;
        this.store = store;
        this.httpPort = httpPort;
    }

    /**
     * Registers this incarnation, waiting for a live holder of the node id to expire.
     *
     * @throws NodeIdInUseException when the node id is still held after one session timeout
     */
    public void register(int kafkaPort, int boundHttpPort) {
        BrokerInfo me = new BrokerInfo(config.nodeId(), config.rack(), config.kafka().advertisedHost(),
                kafkaPort, boundHttpPort > 0 ? boundHttpPort : httpPort, true);
        Duration sessionTimeout = config.metadata().sessionTimeout();
        // The holder's heartbeat is at most "now" old, so it expires within one session timeout; the
        // extra retry interval absorbs the rounding of our own polling.
        long deadlineNanos = System.nanoTime() + sessionTimeout.toNanos() + RETRY_INTERVAL_MS * 1_000_000;
        boolean waited = false;
        while (true) {
            Optional<LiveIncarnation> holder = store.registerBrokerIfFree(me, incarnation, sessionTimeout);
            if (holder.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new NodeIdInUseException("Refusing to start: node id " + config.nodeId()
                        + " (strata.node-id) is held by a live broker, " + holder.get().describe()
                        + ". Stop that broker, or give this one another node id.");
            }
            if (!waited) {
                LOG.warnf("Node id %d is held by %s; waiting up to %d ms for it to expire (a killed broker's heartbeat "
                        + "outlives it by one session timeout)", config.nodeId(), holder.get().describe(),
                        sessionTimeout.toMillis());
                waited = true;
            }
            sleep(RETRY_INTERVAL_MS);
        }
        registered.set(true);
        lastHeartbeatOk = true;
        LOG.infof("Registered broker %d (rack %s, incarnation %s)", config.nodeId(), config.rack().orElse("none"), incarnation);
    }

    /** Called on a timer; a failed heartbeat (database unreachable) is logged, never fatal. */
    public void heartbeat() {
        if (!registered.get() || heartbeatsStopped) {
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

    /** Controlled shutdown starts: the controller is asked to move this broker's leaderships away. */
    public boolean markShuttingDown() {
        return registered.get() && store.markShuttingDown(config.nodeId(), incarnation);
    }

    /** Controlled shutdown ends: no more heartbeats, and the cluster sees this broker dead right away. */
    public void deregister() {
        heartbeatsStopped = true;
        if (registered.get()) {
            store.deregister(config.nodeId(), incarnation);
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for node id to become free", e);
        }
    }

    /** The node id is held by another live incarnation. */
    public static final class NodeIdInUseException extends IllegalStateException {
        public NodeIdInUseException(String message) {
            super(message);
        }
    }
}
