package io.strata.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Broker-level configuration: {@code strata.*} keys, or {@code STRATA_*} environment variables. */
@ConfigMapping(prefix = "strata")
public interface StrataConfig {

    /** This broker's id, unique in the cluster. */
    @WithName("node-id")
    @WithDefault("1")
    int nodeId();

    /** Rack (or availability zone) of this broker, used for replica placement. */
    Optional<String> rack();

    /** Root of this broker's partition directories (and of the embedded PostgreSQL under {@code pg/}). */
    @WithName("data-dir")
    @WithDefault("data")
    String dataDir();

    Kafka kafka();

    Auth auth();

    Http http();

    /** The REST API's own limits (Quarkus' {@code quarkus.http.*} keys cover the server itself). */
    interface Http {
        @WithName("rate-limit")
        RateLimit rateLimit();

        /**
         * A token bucket per principal under {@code auth.mode=oidc} (open mode has no principals and
         * is not limited): each request takes one token; callers over the limit get 429/42901.
         */
        interface RateLimit {
            @WithDefault("true")
            boolean enabled();

            /** Sustained requests per second each principal may send. */
            @WithName("requests-per-second")
            @WithDefault("1000")
            double requestsPerSecond();

            /** Requests a principal may send at once after being idle (the bucket's size). */
            @WithDefault("2000")
            int burst();
        }
    }

    Log log();

    Metadata metadata();

    Group group();

    Controller controller();

    Replication replication();

    Audit audit();

    /** The asynchronous audit log writer (rows in PostgreSQL's {@code audit_log}). */
    interface Audit {
        /** Rows waiting to be written at most; beyond it events are dropped and counted (never blocking a request). */
        @WithName("queue-capacity")
        @WithDefault("10000")
        int queueCapacity();

        /** Rows per INSERT at most. */
        @WithName("batch-size")
        @WithDefault("500")
        int batchSize();

        /** How long the writer waits for rows before it looks again (it writes as soon as any arrive). */
        @WithName("flush-interval")
        @WithDefault("PT0.005S")
        Duration flushInterval();

        /** The longest pause between retries while PostgreSQL is unreachable. */
        @WithName("retry-backoff-max")
        @WithDefault("PT1S")
        Duration retryBackoffMax();

        /** How long shutdown waits for queued rows to be written. */
        @WithName("shutdown-timeout")
        @WithDefault("PT5S")
        Duration shutdownTimeout();
    }

    /** Follower fetching and ISR maintenance (Kafka's replica.* settings). */
    interface Replication {
        /**
         * Kafka's replica.lag.time.max.ms: a follower that has not caught up to the leader's log end
         * offset within this time leaves the ISR.
         */
        @WithName("replica-lag-time-max")
        @WithDefault("PT30S")
        Duration replicaLagTimeMax();

        /** Kafka's replica.fetch.wait.max.ms: how long a follower's fetch long-polls on the leader. */
        @WithName("fetch-max-wait")
        @WithDefault("PT0.5S")
        Duration fetchMaxWait();

        /** Kafka's replica.fetch.max.bytes, per partition (a larger first batch is still returned whole). */
        @WithName("fetch-max-bytes-per-partition")
        @WithDefault("1048576")
        int fetchMaxBytesPerPartition();

        /** Kafka's replica.fetch.backoff.ms: the pause after a failed fetch or a lost connection. */
        @WithName("fetch-backoff")
        @WithDefault("PT0.2S")
        Duration fetchBackoff();
    }

    @WithName("embedded-postgres")
    EmbeddedPostgres embeddedPostgres();

    /** Read by StrataMain before Quarkus starts; declared here so the key is documented and accepted. */
    interface EmbeddedPostgres {
        /** Port of the embedded PostgreSQL; 0 picks a free one at every start. */
        @WithDefault("0")
        int port();
    }

    /** The controller role: liveness polling, preferred-leader election, controlled shutdown. */
    interface Controller {
        /** How often the controller re-checks broker liveness and that it still holds its lock. */
        @WithName("liveness-check-interval")
        @WithDefault("PT0.5S")
        Duration livenessCheckInterval();

        /** Kafka's auto.leader.rebalance.enable: move leadership back to preferred replicas periodically. */
        @WithName("auto-leader-rebalance-enable")
        @WithDefault("true")
        boolean autoLeaderRebalanceEnable();

        /** Kafka's leader.imbalance.check.interval.seconds, shortened: how often automatic preferred election runs. */
        @WithName("preferred-leader-election-interval")
        @WithDefault("PT30S")
        Duration preferredLeaderElectionInterval();

        /** How long a stopping broker waits for its leaderships to move before closing its logs. */
        @WithName("controlled-shutdown-timeout")
        @WithDefault("PT5S")
        Duration controlledShutdownTimeout();
    }

    /** Consumer group limits, with Kafka's broker setting names. */
    interface Group {
        @WithName("min-session-timeout-ms")
        @WithDefault("6000")
        int minSessionTimeoutMs();

        @WithName("max-session-timeout-ms")
        @WithDefault("1800000")
        int maxSessionTimeoutMs();

        @WithName("max-size")
        @WithDefault("2147483647")
        int maxSize();
    }

    interface Kafka {
        @WithDefault("9092")
        int port();

        /** Host name clients are told to connect to (Metadata responses, broker list). */
        @WithName("advertised-host")
        @WithDefault("localhost")
        String advertisedHost();

        @WithName("socket-request-max-bytes")
        @WithDefault("104857600")
        int socketRequestMaxBytes();

        /**
         * The listener's security protocol; unset means {@code SASL_PLAINTEXT} under
         * {@code auth.mode=oidc} and {@code PLAINTEXT} under {@code none} (see {@link #effectiveSecurityProtocol}).
         */
        @WithName("security-protocol")
        Optional<SecurityProtocol> securityProtocol();

        /** SASL mechanisms offered on SASL listeners, in Kafka's names. */
        @WithName("sasl-mechanisms")
        @WithDefault("OAUTHBEARER,SCRAM-SHA-256,SCRAM-SHA-512")
        List<String> saslMechanisms();

        /**
         * Kafka's sasl.server.max.receive.size: the largest frame accepted before a SASL listener's
         * connection has authenticated, so an unauthenticated client cannot make the broker buffer
         * {@code socket-request-max-bytes}. Large enough for any real JWT.
         */
        @WithName("sasl-server-max-receive-size")
        @WithDefault("524288")
        int saslServerMaxReceiveSize();

        /**
         * Kafka's connections.max.reauth.ms (KIP-368): the longest a SASL session lasts before the
         * client must re-authenticate; 0 means no limit beyond the credential's own expiry (an
         * OAUTHBEARER token's {@code exp} always ends the session, SCRAM sessions then never expire).
         */
        @WithName("connections-max-reauth-ms")
        @WithDefault("0")
        long connectionsMaxReauthMs();

        /** The PEM certificate and key of SSL and SASL_SSL listeners. */
        Ssl ssl();

        /** How replica fetchers authenticate to other brokers on SASL listeners. */
        @WithName("inter-broker")
        InterBroker interBroker();

        default SecurityProtocol effectiveSecurityProtocol(AuthMode mode) {
            return securityProtocol().orElse(mode == AuthMode.oidc ? SecurityProtocol.SASL_PLAINTEXT : SecurityProtocol.PLAINTEXT);
        }
    }

    enum SecurityProtocol {
        PLAINTEXT,
        SASL_PLAINTEXT,
        SSL,
        SASL_SSL;

        public boolean sasl() {
            return this == SASL_PLAINTEXT || this == SASL_SSL;
        }

        public boolean ssl() {
            return this == SSL || this == SASL_SSL;
        }
    }

    interface Ssl {
        /** PEM file with the listener's certificate (chain), leaf first. */
        @WithName("certificate-file")
        Optional<String> certificateFile();

        /** PEM file with the certificate's private key (PKCS#8 or PKCS#1), unencrypted. */
        @WithName("key-file")
        Optional<String> keyFile();

        /**
         * PEM file with the certificates replica fetchers trust when they connect to other brokers;
         * unset means the listener's own certificate file (one self-signed certificate shared by
         * the cluster, or a file whose chain ends in the cluster's CA).
         */
        @WithName("trust-certificate-file")
        Optional<String> trustCertificateFile();
    }

    /**
     * The SCRAM identity brokers use towards each other on SASL listeners. With a password set, a
     * broker creates the credential at start-up when it does not exist yet (never overwriting one),
     * so a cluster needs nothing but the same password in every broker's configuration. The ACL
     * authorizer lets {@code User:<username>} bypass ACLs: followers fetch and HTTP produces are
     * forwarded as it.
     */
    interface InterBroker {
        @WithDefault("broker")
        String username();

        Optional<String> password();

        @WithDefault("SCRAM-SHA-512")
        String mechanism();
    }

    interface Auth {
        /** {@code none} runs the broker open (and says so loudly), {@code oidc} requires Keycloak tokens. */
        @WithDefault("oidc")
        AuthMode mode();

        /** Principals ({@code User:name}) that bypass ACLs, like Kafka's {@code super.users}. */
        @WithName("super-users")
        Optional<List<String>> superUsers();

        /** How long verifying a token may take (quarkus-oidc may fetch Keycloak's keys first). */
        @WithName("token-verification-timeout")
        @WithDefault("PT10S")
        Duration tokenVerificationTimeout();

        /**
         * Whether {@code /q/metrics} answers without a token under {@code mode=oidc}; {@code false}
         * requires a valid bearer token (any identity). Health ({@code /q/health/*}) is always open.
         */
        @WithName("metrics-public")
        @WithDefault("true")
        boolean metricsPublic();
    }

    enum AuthMode {
        none,
        oidc
    }

    interface Log {
        /** Threads that recover partition logs at start-up. */
        @WithName("recovery-threads")
        @WithDefault("2")
        int recoveryThreads();

        /** How often retention runs over every log ({@code log.retention.check.interval.ms}). */
        @WithName("retention-check-interval")
        @WithDefault("PT5M")
        Duration retentionCheckInterval();

        /** How often recovery points are checkpointed, bounding the work of crash recovery. */
        @WithName("recovery-point-checkpoint-interval")
        @WithDefault("PT60S")
        Duration recoveryPointCheckpointInterval();
    }

    interface Metadata {
        /** A broker whose last heartbeat is older than this is dead to the cluster. */
        @WithName("session-timeout")
        @WithDefault("PT9S")
        Duration sessionTimeout();

        @WithName("heartbeat-interval")
        @WithDefault("PT1S")
        Duration heartbeatInterval();

        /** Full re-read of the metadata, the fallback when a NOTIFY was missed. */
        @WithName("refresh-interval")
        @WithDefault("PT10S")
        Duration refreshInterval();
    }
}
