package io.strata.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.junit.jupiter.api.Test;

/** SCRAM over TLS (SASL_SSL) with a PEM certificate. */
@QuarkusTest
@TestProfile(SaslSslListenerTest.SaslSslProfile.class)
class SaslSslListenerTest {

    public static class SaslSslProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(TlsListenerTest.CERTIFICATE.listenerConfig("SASL_SSL"));
            config.put("strata.kafka.inter-broker.password", SaslTestSupport.BROKER_PASSWORD);
            return config;
        }
    }

    @Inject
    KafkaServer server;

    private static Map<String, Object> scramOverTls(String user, String password) {
        Map<String, Object> p = new HashMap<>(TlsListenerTest.tls("SASL_SSL", TlsListenerTest.CERTIFICATE));
        p.putAll(SaslTestSupport.scram("SASL_SSL", "SCRAM-SHA-256", user, password));
        return p;
    }

    @Test
    void shouldProduceAndConsumeWithScramOverTls() throws Exception {
        String user = "tls-" + UUID.randomUUID().toString().substring(0, 8);
        String topic;
        Map<String, Object> brokerLogin = new HashMap<>(TlsListenerTest.tls("SASL_SSL", TlsListenerTest.CERTIFICATE));
        brokerLogin.putAll(SaslTestSupport.scram("SASL_SSL", "SCRAM-SHA-512", SaslTestSupport.BROKER_USER,
                SaslTestSupport.BROKER_PASSWORD));
        try (Admin admin = SaslTestSupport.admin(server, brokerLogin)) {
            SaslTestSupport.createUser(admin, user, "pw", ScramMechanism.SCRAM_SHA_256, 4096);
            topic = KafkaTestSupport.createTopic(admin, "sasl-ssl", 1);
        }
        assertEquals(List.of("a", "b", "c"), SaslTestSupport.roundTrip(server, scramOverTls(user, "pw"), topic, 3));
        try (Admin admin = SaslTestSupport.admin(server, scramOverTls(user, "wrong"))) {
            ScramAuthenticationTest.assertRefused(admin);
        }
    }
}
