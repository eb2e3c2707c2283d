package io.strata.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.StrataConfig.SecurityProtocol;
import io.strata.security.Caller;
import io.strata.security.Principal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * The SASL state machine with kafka-clients' OAUTHBEARER server and real RS256 JWTs verified by
 * {@link JwtTestTokenVerifier}, without a broker: admission before and after authentication,
 * session lifetimes, principal changes on re-authentication.
 */
class SaslAuthenticatorTest {

    private static final long NOW_NANOS = 1_000_000_000_000L;

    private final List<Object> audited = new java.util.ArrayList<>();

    private SaslAuthenticator authenticator(long maxReauthMs) {
        SaslMechanisms mechanisms = new SaslMechanisms(SecurityProtocol.SASL_PLAINTEXT, List.of("OAUTHBEARER"), maxReauthMs,
                512, null, new JwtTestTokenVerifier(), audited::add);
        return mechanisms.newAuthenticator("10.0.0.7");
    }

    private static byte[] initialResponse(String token) {
        return ("n,,\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8);
    }

    private static String token(String user, long lifetimeMs) {
        return TestJwts.token(TestJwts.TRUSTED, user, System.currentTimeMillis() + lifetimeMs, List.of("viewer"));
    }

    private static SaslAuthenticateResponseData login(SaslAuthenticator sasl, String token, long nowNanos) {
        assertEquals(Errors.NONE.code(), sasl.handshake("OAUTHBEARER").errorCode());
        return sasl.authenticate((short) 2, initialResponse(token), System.currentTimeMillis(), nowNanos);
    }

    @Test
    void shouldAdmitOnlyTheSaslExchangeAndSmallFramesWhenNotYetAuthenticated() {
        SaslAuthenticator sasl = authenticator(0);
        assertNull(sasl.admit(ApiKeys.API_VERSIONS, NOW_NANOS));
        assertNull(sasl.admit(ApiKeys.SASL_HANDSHAKE, NOW_NANOS));
        assertNotNull(sasl.admit(ApiKeys.METADATA, NOW_NANOS));
        assertNotNull(sasl.admit(ApiKeys.PRODUCE, NOW_NANOS));
        assertEquals(512, sasl.maxFrameBytes(100 << 20));
        assertEquals(Principal.ANONYMOUS, sasl.caller().principal());
    }

    @Test
    void shouldRefuseAVersionZeroHandshakeAndFailTheConnectionWhenRawTokensWouldFollow() {
        SaslAuthenticator sasl = authenticator(0);
        assertEquals(Errors.UNSUPPORTED_VERSION.code(), sasl.refuseRawTokenHandshake().errorCode());
        assertTrue(sasl.failed());
        assertEquals(Principal.ANONYMOUS, sasl.caller().principal());
    }

    @Test
    void shouldRunRequestsAsTheTokensCallerWhenTheTokenIsValid() {
        SaslAuthenticator sasl = authenticator(0);
        SaslAuthenticateResponseData answer = login(sasl, token("svc-orders", 60_000), NOW_NANOS);
        assertEquals(Errors.NONE.code(), answer.errorCode());
        assertEquals(new Caller(Principal.user("svc-orders"), "10.0.0.7", Set.of("viewer")), sasl.caller());
        assertNull(sasl.admit(ApiKeys.PRODUCE, NOW_NANOS));
        assertEquals(100 << 20, sasl.maxFrameBytes(100 << 20));
        assertTrue(answer.sessionLifetimeMs() > 50_000 && answer.sessionLifetimeMs() <= 60_000,
                "session lifetime " + answer.sessionLifetimeMs());
    }

    @Test
    void shouldCapTheSessionAtTheConfiguredMaximumAndRefuseRequestsAfterIt() {
        SaslAuthenticator sasl = authenticator(5_000);
        assertEquals(5_000, login(sasl, token("svc-orders", 60_000), NOW_NANOS).sessionLifetimeMs());
        assertNull(sasl.admit(ApiKeys.FETCH, NOW_NANOS + 4_999_000_000L));
        assertNotNull(sasl.admit(ApiKeys.FETCH, NOW_NANOS + 5_000_000_000L));
        assertNull(sasl.admit(ApiKeys.SASL_HANDSHAKE, NOW_NANOS + 5_000_000_000L));
    }

    @Test
    void shouldKeepTheSessionWhenReauthenticatingAsTheSamePrincipal() {
        SaslAuthenticator sasl = authenticator(5_000);
        login(sasl, token("svc-orders", 60_000), NOW_NANOS);
        SaslAuthenticateResponseData again = login(sasl, token("svc-orders", 60_000), NOW_NANOS + 4_000_000_000L);
        assertEquals(Errors.NONE.code(), again.errorCode());
        assertNull(sasl.admit(ApiKeys.FETCH, NOW_NANOS + 8_000_000_000L));
    }

    @Test
    void shouldFailWhenReauthenticationChangesThePrincipal() {
        SaslAuthenticator sasl = authenticator(0);
        login(sasl, token("svc-orders", 60_000), NOW_NANOS);
        SaslAuthenticateResponseData again = login(sasl, token("mallory", 60_000), NOW_NANOS);
        assertEquals(Errors.SASL_AUTHENTICATION_FAILED.code(), again.errorCode());
        assertTrue(again.errorMessage().contains("Cannot change principals"), again.errorMessage());
        assertTrue(sasl.failed());
    }

    @Test
    void shouldFailAndAuditWhenTheTokenIsForged() {
        SaslAuthenticator sasl = authenticator(0);
        String forged = TestJwts.token(TestJwts.STRANGER, "svc-orders", System.currentTimeMillis() + 60_000, List.of("admin"));
        SaslAuthenticateResponseData challenge = login(sasl, forged, NOW_NANOS);
        assertFalse(sasl.failed()); // RFC 7628: an error challenge first, the client acknowledges it
        assertTrue(new String(challenge.authBytes(), StandardCharsets.UTF_8).contains("invalid_token"));
        SaslAuthenticateResponseData answer = sasl.authenticate((short) 2, new byte[] {1}, System.currentTimeMillis(),
                NOW_NANOS);
        assertEquals(Errors.SASL_AUTHENTICATION_FAILED.code(), answer.errorCode());
        assertTrue(sasl.failed());
        assertEquals(Principal.ANONYMOUS, sasl.caller().principal());
        assertEquals(1, audited.size());
    }

    @Test
    void shouldRefuseAMechanismThatIsNotEnabled() {
        SaslAuthenticator sasl = authenticator(0);
        assertEquals(Errors.UNSUPPORTED_SASL_MECHANISM.code(), sasl.handshake("PLAIN").errorCode());
        assertTrue(sasl.failed());
    }
}
