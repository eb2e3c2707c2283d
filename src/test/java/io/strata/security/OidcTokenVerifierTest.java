package io.strata.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.testing.KeycloakServer;
import io.strata.testing.KeycloakTestResource;
import io.strata.testing.Tokens;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SASL side's {@link TokenVerifier}: the same validation and the same principal mapping as HTTP. */
@QuarkusTest
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = true)
class OidcTokenVerifierTest {

    private static final Tokens TOKENS = KeycloakServer.get().tokens();

    @Inject
    TokenVerifier verifier;

    @Test
    void shouldVerifyAClientCredentialsTokenWhenItIsValid() {
        String token = TOKENS.clientCredentials(Tokens.ADMIN_SERVICE);

        TokenVerifier.VerifiedToken verified = verifier.verify(token, "10.1.2.3");

        assertEquals(Principal.user("strata-admin-service"), verified.caller().principal());
        assertEquals("10.1.2.3", verified.caller().host());
        assertTrue(verified.caller().hasRole(Caller.ADMIN_ROLE), "realm role admin of the service account");
        assertEquals(Tokens.claims(token).get("exp").asLong() * 1000, verified.expiresAtMs());
        assertTrue(verified.expiresAtMs() > System.currentTimeMillis());
    }

    @Test
    void shouldMapAPersonToPreferredUsernameAndRealmRolesWhenPasswordToken() {
        Caller caller = verifier.verify(TOKENS.password(Tokens.OSCAR), "127.0.0.1").caller();

        assertEquals(Principal.user("oscar"), caller.principal());
        assertTrue(caller.hasRole("operator"));
        assertFalse(caller.hasRole(Caller.ADMIN_ROLE));
    }

    @Test
    void shouldVerifyWhenCalledFromAThreadOutsideAnyRequest() throws Exception {
        // The SASL OAUTHBEARER path calls the verifier from a Kafka worker thread, not from HTTP.
        String token = TOKENS.clientCredentials(Tokens.ORDERS_CONSUMER);
        CompletableFuture<TokenVerifier.VerifiedToken> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(verifier.verify(token, "192.0.2.7"));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        thread.start();

        assertEquals(Principal.user("orders-consumer"), result.get(60, TimeUnit.SECONDS).caller().principal());
    }

    @Test
    void shouldRejectATokenWhenItComesFromAnotherRealm() {
        String token = TOKENS.clientCredentials(Tokens.OTHER_REALM);
        assertThrows(TokenVerifier.TokenRejectedException.class, () -> verifier.verify(token, "127.0.0.1"));
    }

    @Test
    void shouldRejectATokenWhenItIsNotAJwt() {
        assertThrows(TokenVerifier.TokenRejectedException.class, () -> verifier.verify("garbage", "127.0.0.1"));
    }
}
