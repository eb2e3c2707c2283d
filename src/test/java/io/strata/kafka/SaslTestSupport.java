package io.strata.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.security.Provider;
import java.security.Security;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.SaslClient;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.oauthbearer.internals.OAuthBearerSaslClientProvider;
import org.apache.kafka.common.security.scram.internals.ScramSaslClient;
import org.apache.kafka.common.security.scram.internals.ScramSaslClientProvider;

/** Client settings and raw protocol steps for the SASL tests. */
final class SaslTestSupport {

    /** The inter-broker credential the SASL test profiles configure; the broker creates it at start-up. */
    static final String BROKER_USER = "broker";
    static final String BROKER_PASSWORD = "broker-secret";

    private SaslTestSupport() {}

    /**
     * Makes the JVM-wide SASL client providers (registered once per JVM by kafka-clients) this class
     * loader's. Quarkus runs each test application in its own class loader, and a provider left by an
     * earlier one makes clients fail ("Callback handler must be castable to ..."). A test-JVM
     * artefact only: a real client application has one class loader.
     */
    static void useThisClassLoadersSaslProviders() {
        replaceProvider("SASL/SCRAM Client Provider", ScramSaslClientProvider.class, ScramSaslClientProvider::initialize);
        replaceProvider("SASL/OAUTHBEARER Client Provider", OAuthBearerSaslClientProvider.class,
                OAuthBearerSaslClientProvider::initialize);
    }

    private static synchronized void replaceProvider(String name, Class<? extends Provider> mine, Runnable install) {
        Provider registered = Security.getProvider(name);
        if (registered != null && registered.getClass() != mine) {
            Security.removeProvider(name);
        }
        if (Security.getProvider(name) == null) {
            install.run();
        }
    }

    /** Client settings for SCRAM over {@code protocol} (SASL_PLAINTEXT or SASL_SSL). */
    static Map<String, Object> scram(String protocol, String mechanism, String user, String password) {
        useThisClassLoadersSaslProviders();
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        p.put(SaslConfigs.SASL_MECHANISM, mechanism);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return p;
    }

    static Map<String, Object> scram(String mechanism, String user, String password) {
        return scram("SASL_PLAINTEXT", mechanism, user, password);
    }

    /**
     * The stock client's OAUTHBEARER login ({@code OAuthBearerLoginCallbackHandler}) fetching its
     * token from {@code tokenEndpointUrl} (an http(s) endpoint, or a {@code file:} URL holding a JWT),
     * with {@code jaasOptions} (for example {@code clientId="..." clientSecret="..."}).
     */
    static Map<String, Object> stockOAuthClient(String tokenEndpointUrl, String jaasOptions) {
        useThisClassLoadersSaslProviders();
        // Kafka 4 clients only use token endpoints the JVM explicitly allows.
        System.setProperty("org.apache.kafka.sasl.oauthbearer.allowed.urls", tokenEndpointUrl);
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER");
        p.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS,
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
        p.put(SaslConfigs.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL, tokenEndpointUrl);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                + jaasOptions + ";");
        return p;
    }

    static Admin admin(KafkaServer server, Map<String, Object> security) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrap(server));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        p.putAll(security);
        return Admin.create(p);
    }

    /** The broker's own credential: what creates every other user in these tests. */
    static Admin brokerAdmin(KafkaServer server, String protocol) {
        return admin(server, scram(protocol, "SCRAM-SHA-512", BROKER_USER, BROKER_PASSWORD));
    }

    static void createUser(Admin admin, String user, String password, ScramMechanism mechanism, int iterations)
            throws Exception {
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(mechanism, iterations), password))).all().get();
    }

    static ApiVersionsRequestData apiVersions() {
        return new ApiVersionsRequestData().setClientSoftwareName("raw-test").setClientSoftwareVersion("1.0");
    }

    static MetadataRequestData metadata() {
        return new MetadataRequestData().setTopics(null);
    }

    /** Runs a whole SCRAM exchange on a raw connection; returns the final SaslAuthenticate (v2) answer. */
    static SaslAuthenticateResponseData scramLogin(RawKafkaClient raw, String mechanism, String user, String password)
            throws Exception {
        handshake(raw, mechanism);
        SaslClient client = new ScramSaslClient(org.apache.kafka.common.security.scram.internals.ScramMechanism
                .forMechanismName(mechanism), callbacks -> {
                    for (Callback c : callbacks) {
                        if (c instanceof NameCallback n) {
                            n.setName(user);
                        } else if (c instanceof PasswordCallback pw) {
                            pw.setPassword(password.toCharArray());
                        }
                    }
                });
        byte[] response = client.evaluateChallenge(new byte[0]);
        while (true) {
            SaslAuthenticateResponseData answer = authenticate(raw, response);
            if (answer.errorCode() != Errors.NONE.code()) {
                return answer;
            }
            response = client.evaluateChallenge(answer.authBytes());
            if (client.isComplete()) {
                return answer;
            }
        }
    }

    /** RFC 7628's initial client response carrying {@code token}. */
    static SaslAuthenticateResponseData oauthLogin(RawKafkaClient raw, String token) throws IOException {
        handshake(raw, "OAUTHBEARER");
        return authenticate(raw, ("n,,\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8));
    }

    static void handshake(RawKafkaClient raw, String mechanism) throws IOException {
        SaslHandshakeResponseData handshake = (SaslHandshakeResponseData) raw.send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                new SaslHandshakeRequestData().setMechanism(mechanism));
        if (handshake.errorCode() != Errors.NONE.code()) {
            throw new IllegalStateException("handshake failed: " + Errors.forCode(handshake.errorCode()));
        }
    }

    static SaslAuthenticateResponseData authenticate(RawKafkaClient raw, byte[] bytes) throws IOException {
        return (SaslAuthenticateResponseData) raw.send(ApiKeys.SASL_AUTHENTICATE, (short) 2,
                new SaslAuthenticateRequestData().setAuthBytes(bytes));
    }

    /**
     * Produces {@code count} records ("a", "b", ...) to partition 0 of {@code topic} and reads them
     * back, both clients with {@code security}; returns the values read.
     */
    static List<String> roundTrip(KafkaServer server, Map<String, Object> security, String topic, int count)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, security)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, String.valueOf((char) ('a' + i)).getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, security)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    /** A metric of a client by name (for example {@code successful-reauthentication-total}), summed over its connections' selectors. */
    static double metric(Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metrics, String name) {
        return metrics.entrySet().stream().filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }
}
