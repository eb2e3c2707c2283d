package io.strata.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.strata.testing.KeycloakServer;
import io.strata.testing.KeycloakTestResource;
import io.strata.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API under {@code strata.auth.mode=oidc} against a real Keycloak: every bad token is a
 * 401/40101 with the Confluent body, a valid one names its principal (403/40301 from the deny-all
 * authorizer, which stands until the ACL authorizer exists), health stays open, metrics need a token
 * when configured so, and a principal over its rate limit gets 429/42901.
 */
@QuarkusTest
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = true)
@TestProfile(OidcApiTest.AudienceAndRateLimitProfile.class)
class OidcApiTest {

    /** Burst of the rate limit: each test but the 429 one uses a principal far fewer times. */
    static final int BURST = 20;

    public static class AudienceAndRateLimitProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A refill of one request per 1000 s makes the burst the whole allowance during the test.
            return Map.of("quarkus.oidc.token.audience", "strata",
                    "strata.auth.metrics-public", "false",
                    "strata.http.rate-limit.requests-per-second", "0.001",
                    "strata.http.rate-limit.burst", Integer.toString(BURST));
        }
    }

    private static final Tokens TOKENS = KeycloakServer.get().tokens();

    @Test
    void shouldAnswer401WithCode40101WhenNoToken() {
        unauthorized(given().get("/v3/clusters").then())
                .header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void shouldAnswer401WithCode40101WhenNoTokenAndThePathIsUnknown() {
        unauthorized(given().get("/v3/no-such-thing").then());
    }

    @Test
    void shouldAnswer401WithCode40101WhenExpiredToken() throws InterruptedException {
        String token = TOKENS.clientCredentials(Tokens.SHORT_LIVED);
        long expiresAtMs = Tokens.claims(token).get("exp").asLong() * 1000;
        // Valid first: the 401 below is then due to expiry alone.
        forbidden(token);
        long waitMs = expiresAtMs + 1500 - System.currentTimeMillis();
        if (waitMs > 0) {
            Thread.sleep(waitMs);
        }
        unauthorized(withToken(token));
    }

    @Test
    void shouldAnswer401WithCode40101WhenOtherRealmToken() {
        unauthorized(withToken(TOKENS.clientCredentials(Tokens.OTHER_REALM)));
    }

    @Test
    void shouldAnswer401WithCode40101WhenForgedSignature() {
        String[] parts = TOKENS.password(Tokens.VERA).split("\\.");
        // vera promotes herself to admin and keeps Keycloak's signature of the original claims.
        ObjectNode claims = (ObjectNode) Tokens.claims(TOKENS.password(Tokens.VERA));
        ((ArrayNode) claims.with("realm_access").withArray("roles")).add("admin");
        unauthorized(withToken(parts[0] + "." + encode(claims.toString()) + "." + parts[2]));
        // And a signature that is simply wrong.
        String tampered = parts[2].charAt(0) == 'A' ? "B" + parts[2].substring(1) : "A" + parts[2].substring(1);
        unauthorized(withToken(parts[0] + "." + parts[1] + "." + tampered));
    }

    @Test
    void shouldAnswer401WithCode40101WhenAlgNone() {
        String[] parts = TOKENS.password(Tokens.VERA).split("\\.");
        unauthorized(withToken(encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + "."));
    }

    @Test
    void shouldAnswer401WithCode40101WhenWrongAudience() {
        String token = TOKENS.clientCredentials(Tokens.NO_AUDIENCE);
        assertTrue(!Tokens.claims(token).path("aud").toString().contains("\"strata\""), "the client must lack the audience");
        unauthorized(withToken(token));
    }

    @Test
    void shouldAnswer401WithCode40101WhenTheTokenIsGarbage() {
        unauthorized(withToken("not-a-jwt"));
    }

    @Test
    void shouldAnswer403NamingTheUserWhenAViewerHasNoPermission() {
        forbidden(TOKENS.password(Tokens.VERA))
                .body("message", equalTo("User:vera is not authorized to DESCRIBE CLUSTER kafka-cluster."));
    }

    @Test
    void shouldNameTheServiceAccountByItsClientIdWhenClientCredentials() {
        String token = TOKENS.clientCredentials(Tokens.ORDERS_PRODUCER);
        assertEquals("orders-producer", Tokens.claims(token).get("client_id").asText(),
                "Keycloak adds client_id to service-account tokens");
        forbidden(token).body("message", startsWith("User:orders-producer is not authorized"));
    }

    @Test
    void shouldServeHealthWhenNoToken() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200);
    }

    @Test
    void shouldRequireATokenForMetricsWhenMetricsAreNotPublic() {
        given().get("/q/metrics").then().statusCode(401);
        given().auth().oauth2(TOKENS.clientCredentials(Tokens.ADMIN_SERVICE)).get("/q/metrics")
                .then().statusCode(200).body(containsString("# TYPE"));
    }

    @Test
    void shouldAnswer429WithCode42901WhenAPrincipalIsOverItsRateLimit() {
        String oscar = TOKENS.password(Tokens.OSCAR);
        int served = 0;
        int status = 403;
        while (status == 403 && served <= BURST) {
            status = withToken(oscar).extract().statusCode();
            if (status == 403) {
                served++;
            }
        }
        assertEquals(BURST, served, "a full bucket serves exactly its burst");
        withToken(oscar).statusCode(429).body("error_code", equalTo(42901));
        // Buckets are per principal: another caller is still served.
        forbidden(TOKENS.clientCredentials(Tokens.ORDERS_CONSUMER));
    }

    private static ValidatableResponse withToken(String token) {
        return given().auth().oauth2(token).get("/v3/clusters").then();
    }

    private static ValidatableResponse unauthorized(ValidatableResponse response) {
        return response.statusCode(401).contentType("application/json").body("error_code", equalTo(40101));
    }

    private static ValidatableResponse forbidden(String token) {
        return withToken(token).statusCode(403).body("error_code", equalTo(40301));
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
