package io.strata.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;

/**
 * SASL OAUTHBEARER with real RS256-signed JWTs checked by a {@link io.strata.security.TokenVerifier}
 * (here {@link JwtTestTokenVerifier}; against Keycloak once the OIDC verifier is merged). The stock
 * client's {@code OAuthBearerLoginCallbackHandler} reads the token from a {@code file:} token
 * endpoint URL, a mode Kafka supports for exactly this.
 */
@QuarkusTest
@TestProfile(OAuthBearerAuthenticationTest.OAuthProfile.class)
class OAuthBearerAuthenticationTest {

    public static class OAuthProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("strata.kafka.security-protocol", "SASL_PLAINTEXT");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(JwtTestTokenVerifier.class);
        }
    }

    @Inject
    KafkaServer server;

    /** The stock client configured with a token endpoint URL that is a file holding {@code token}. */
    private static Map<String, Object> stockClient(String token) throws Exception {
        Path file = Files.createTempFile("strata-token-", ".jwt");
        Files.writeString(file, token);
        return SaslTestSupport.stockOAuthClient(file.toUri().toString(), "");
    }

    private static String token(RsaJsonWebKey signer, long lifetimeMs) {
        return TestJwts.token(signer, "svc-orders", System.currentTimeMillis() + lifetimeMs, List.of("operator"));
    }

    @Test
    void shouldProduceAndConsumeWhenTheTokenIsSignedByTheTrustedIssuer() throws Exception {
        Map<String, Object> security = stockClient(token(TestJwts.TRUSTED, 600_000));
        String topic;
        try (Admin admin = SaslTestSupport.admin(server, security)) {
            topic = KafkaTestSupport.createTopic(admin, "oauth", 1);
        }
        assertEquals(List.of("a", "b"), SaslTestSupport.roundTrip(server, security, topic, 2));
    }

    @Test
    void shouldRefuseTheLoginWhenTheTokenIsForged() throws Exception {
        try (Admin admin = SaslTestSupport.admin(server, stockClient(token(TestJwts.STRANGER, 600_000)))) {
            ScramAuthenticationTest.assertRefused(admin);
        }
    }

    @Test
    void shouldRefuseTheLoginWhenTheTokenIsUnsigned() {
        // The client's default OAUTHBEARER login makes an unsecured JWS (alg=none).
        SaslTestSupport.useThisClassLoadersSaslProviders();
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER");
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                + "unsecuredLoginStringClaim_sub=\"svc-orders\";");
        try (Admin admin = SaslTestSupport.admin(server, p)) {
            ScramAuthenticationTest.assertRefused(admin);
        }
    }

    @Test
    void shouldRefuseTheLoginWhenTheTokenHasExpired() throws Exception {
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            SaslAuthenticateResponseData challenge = SaslTestSupport.oauthLogin(raw, token(TestJwts.TRUSTED, -60_000));
            // RFC 7628: the server answers with an error JSON, the client acknowledges with %x01, then it fails.
            assertTrue(new String(challenge.authBytes(), StandardCharsets.UTF_8).contains("invalid_token"));
            SaslAuthenticateResponseData answer = SaslTestSupport.authenticate(raw, new byte[] {1});
            assertEquals(Errors.SASL_AUTHENTICATION_FAILED.code(), answer.errorCode());
            assertTrue(raw.closedByBroker());
        }
    }

    @Test
    void shouldEndTheSessionWhenTheTokenExpiresWithoutReauthentication() throws Exception {
        long lifetimeMs = 8_000; // generous: a loaded machine takes seconds between making the token and using it
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            SaslAuthenticateResponseData answer = SaslTestSupport.oauthLogin(raw, token(TestJwts.TRUSTED, lifetimeMs));
            assertEquals(Errors.NONE.code(), answer.errorCode());
            // The session lasts exactly as long as the token (JWT exp has whole seconds).
            assertTrue(answer.sessionLifetimeMs() > 0 && answer.sessionLifetimeMs() <= lifetimeMs,
                    "session lifetime " + answer.sessionLifetimeMs());
            MetadataResponseData metadata = (MetadataResponseData) raw.send(ApiKeys.METADATA, (short) 12,
                    SaslTestSupport.metadata());
            assertTrue(!metadata.brokers().isEmpty());
            Thread.sleep(answer.sessionLifetimeMs() + 500);
            raw.write(ApiKeys.METADATA, (short) 12, SaslTestSupport.metadata());
            assertTrue(raw.closedByBroker());
        }
    }
}
