package io.strata.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strata.config.StrataConfig;
import io.strata.config.StrataConfig.SecurityProtocol;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The Kafka protocol listener on {@code strata.kafka.port}: a Vert.x {@link NetServer} on Quarkus'
 * Vert.x instance, bound once the broker has started (logs recovered, metadata loaded), so no client
 * ever sees a half-started broker. Blocking work (disk, database) runs on a dedicated worker pool,
 * never on the event loops.
 *
 * <p>Thread-safe: started and stopped by Quarkus lifecycle events only.
 */
@ApplicationScoped
public class KafkaServer {

    private static final Logger LOG = Logger.getLogger(KafkaServer.class);

    /** Workers for disk and database work of Kafka requests; appends are short, fsyncs happen elsewhere. */
    static final int WORKER_THREADS = 8;

    private final Vertx vertx;
    private final StrataConfig config;
    private final ApiDispatcher dispatcher;
    private final KafkaListener listener;
    private final SaslMechanisms saslMechanisms;
    private ExecutorService workers;
    private NetServer server;

    @Inject
    public KafkaServer(Vertx vertx, StrataConfig config, ApiDispatcher dispatcher, KafkaListener listener,
            SaslMechanisms saslMechanisms) {
        this.vertx = vertx;
        this.saslMechanisms = saslMechanisms;
        this.config = config;
        this.dispatcher = dispatcher;
        this.listener = listener;
    }

    /** After BrokerServer's start-up (priority 10). */
    void onStart(@Observes @Priority(20) StartupEvent event) throws Exception {
        AtomicInteger threadIds = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "strata-kafka-worker-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        workers = Executors.newFixedThreadPool(WORKER_THREADS, threads);
        int maxFrameBytes = config.kafka().socketRequestMaxBytes();
        SecurityProtocol protocol = config.kafka().effectiveSecurityProtocol(config.auth().mode());
        NetServerOptions options = new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true);
        if (protocol.ssl()) {
            options.setSsl(true).setKeyCertOptions(pemKeyCert(config.kafka().ssl()));
        }
        server = vertx.createNetServer(options).connectHandler(socket ->
                new KafkaConnection(socket, vertx, dispatcher, workers, maxFrameBytes, saslMechanisms).start());
        server.listen(config.kafka().port(), "0.0.0.0").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        listener.bound(server.actualPort());
        LOG.infof("Kafka listener on port %d, %s%s (advertised as %s:%d)", server.actualPort(), protocol,
                protocol.sasl() ? " " + saslMechanisms.enabled() : "", config.kafka().advertisedHost(), server.actualPort());
        if (protocol == SecurityProtocol.PLAINTEXT && config.auth().mode() == StrataConfig.AuthMode.oidc) {
            LOG.warn("strata.kafka.security-protocol=PLAINTEXT under strata.auth.mode=oidc: Kafka clients cannot "
                    + "authenticate, so they act as User:ANONYMOUS");
        }
    }

    /** The listener's PEM certificate and key; both are required for SSL and SASL_SSL. */
    static PemKeyCertOptions pemKeyCert(StrataConfig.Ssl ssl) {
        String certificate = ssl.certificateFile().orElseThrow(() -> new IllegalArgumentException(
                "An SSL listener needs strata.kafka.ssl.certificate-file (PEM)"));
        String key = ssl.keyFile().orElseThrow(() -> new IllegalArgumentException(
                "An SSL listener needs strata.kafka.ssl.key-file (PEM)"));
        return new PemKeyCertOptions().setCertPath(certificate).setKeyPath(key);
    }

    /** Before the partition manager closes the logs (priority 100 there): stop taking requests first. */
    void onStop(@Observes @Priority(50) ShutdownEvent event) {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Kafka listener did not close cleanly", e);
            }
        }
        if (workers != null) {
            workers.shutdown();
        }
    }

    public int boundPort() {
        return listener.boundPort();
    }
}
