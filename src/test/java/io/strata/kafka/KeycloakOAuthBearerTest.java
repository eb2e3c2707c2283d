package io.strata.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.strata.testing.KeycloakServer;
import io.strata.testing.KeycloakTestResource;
import io.strata.testing.Tokens;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * SASL OAUTHBEARER against a real Keycloak ({@code strata.auth.mode=oidc}): the stock Java client's
 * {@code OAuthBearerLoginCallbackHandler} fetches a token with client credentials from Keycloak's
 * token endpoint and produces and consumes; tokens of another realm are refused; the session lasts
 * until the token's expiry.
 */
@QuarkusTest
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = true)
@TestProfile(KeycloakOAuthBearerTest.SaslProfile.class)
class KeycloakOAuthBearerTest {

    public static class SaslProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("strata.kafka.security-protocol", "SASL_PLAINTEXT");
        }
    }

    private static final KeycloakServer KEYCLOAK = KeycloakServer.get();

    @Inject
    KafkaServer server;

    /** The stock client logging in with client credentials at Keycloak's token endpoint. */
    private static Map<String, Object> clientCredentials(Tokens.Client client) {
        return SaslTestSupport.stockOAuthClient(KEYCLOAK.tokenUrl(KeycloakServer.REALM),
                "clientId=\"" + client.clientId() + "\" clientSecret=\"" + client.secret() + "\"");
    }

    @Test
    void shouldProduceAndConsumeWhenTheStockClientLogsInWithClientCredentials() throws Exception {
        // The admin service account: its realm role admin keeps this test valid once ACLs are enforced.
        Map<String, Object> security = clientCredentials(Tokens.ADMIN_SERVICE);
        String topic;
        try (Admin admin = SaslTestSupport.admin(server, security)) {
            topic = KafkaTestSupport.createTopic(admin, "keycloak", 1);
        }
        assertEquals(List.of("a", "b", "c"), SaslTestSupport.roundTrip(server, security, topic, 3));
    }

    @Test
    void shouldLastTheSessionUntilTheKeycloakTokenExpires() throws Exception {
        String token = KEYCLOAK.tokens().clientCredentials(Tokens.ORDERS_PRODUCER);
        long expiresAtMs = Tokens.claims(token).get("exp").asLong() * 1000;
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            long before = System.currentTimeMillis();
            SaslAuthenticateResponseData answer = SaslTestSupport.oauthLogin(raw, token);
            assertEquals(Errors.NONE.code(), answer.errorCode());
            assertEquals(0, answer.authBytes().length, "an error challenge instead of success");
            assertTrue(answer.sessionLifetimeMs() > 0 && answer.sessionLifetimeMs() <= expiresAtMs - before,
                    "session lifetime " + answer.sessionLifetimeMs());
        }
    }

    @Test
    void shouldRefuseTheLoginWhenTheTokenIsFromAnotherRealm() throws Exception {
        String token = KEYCLOAK.tokens().clientCredentials(Tokens.OTHER_REALM);
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            SaslAuthenticateResponseData challenge = SaslTestSupport.oauthLogin(raw, token);
            assertTrue(new String(challenge.authBytes(), StandardCharsets.UTF_8).contains("invalid_token"));
            SaslAuthenticateResponseData answer = SaslTestSupport.authenticate(raw, new byte[] {1});
            assertEquals(Errors.SASL_AUTHENTICATION_FAILED.code(), answer.errorCode());
            assertTrue(raw.closedByBroker());
        }
    }
}
