package io.strata.security;

/**
 * Verifies an OAuth 2 access token (a Keycloak JWT: issuer, signature through JWKS, expiry, optional
 * audience) and maps it to a {@link Caller}. The HTTP API and the Kafka listener's SASL
 * {@code OAUTHBEARER} mechanism use the same verifier, so one token means the same identity on both.
 *
 * <p>Implementations are thread-safe and may block (a JWKS refresh): call them off event loops.
 */
public interface TokenVerifier {

    /**
     * @param accessToken the compact JWT
     * @param host        the client's IP address, carried into the {@link Caller}
     * @throws TokenRejectedException when the token is not valid now
     */
    VerifiedToken verify(String accessToken, String host);

    /** A valid token's identity and when it stops being valid (for KIP-368 session lifetimes). */
    record VerifiedToken(Caller caller, long expiresAtMs) {}

    /** The token is missing, malformed, forged, expired or for another issuer or audience. */
    final class TokenRejectedException extends RuntimeException {
        public TokenRejectedException(String message) {
            super(message);
        }

        public TokenRejectedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
