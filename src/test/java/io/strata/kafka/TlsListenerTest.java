package io.strata.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.strata.testing.SelfSignedCertificate;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/** An SSL listener serving a PEM certificate: clients that trust it work, others and plain-text clients do not. */
@QuarkusTest
@TestProfile(TlsListenerTest.SslProfile.class)
class TlsListenerTest {

    static final SelfSignedCertificate CERTIFICATE = SelfSignedCertificate.shared("tls-listener");

    public static class SslProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return CERTIFICATE.listenerConfig("SSL");
        }
    }

    @Inject
    KafkaServer server;

    /** Client settings for TLS trusting {@code certificate} (PEM), with host name verification left on. */
    static Map<String, Object> tls(String protocol, SelfSignedCertificate certificate) {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificate.certificateFile().toString());
        return p;
    }

    @Test
    void shouldProduceAndConsumeWhenTheClientTrustsTheCertificate() throws Exception {
        String topic;
        try (Admin admin = SaslTestSupport.admin(server, tls("SSL", CERTIFICATE))) {
            topic = KafkaTestSupport.createTopic(admin, "tls", 1);
        }
        assertEquals(java.util.List.of("a", "b"), SaslTestSupport.roundTrip(server, tls("SSL", CERTIFICATE), topic, 2));
    }

    @Test
    void shouldRefuseTheHandshakeWhenTheClientDoesNotTrustTheCertificate() {
        try (Admin admin = SaslTestSupport.admin(server, Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL"))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> admin.describeCluster().clusterId().get());
            assertInstanceOf(SslAuthenticationException.class, e.getCause());
        }
    }

    @Test
    void shouldNotAnswerPlainTextRequests() throws Exception {
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            raw.write(ApiKeys.API_VERSIONS, (short) 3, SaslTestSupport.apiVersions());
            assertTrue(raw.closedByBroker());
        }
    }
}
