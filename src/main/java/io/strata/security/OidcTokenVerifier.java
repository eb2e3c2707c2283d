package io.strata.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.strata.config.StrataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The {@link TokenVerifier} of {@code strata.auth.mode=oidc}: quarkus-oidc's own validation of the
 * default tenant ({@code quarkus.oidc.*}: issuer, signature through the realm's JWKS, expiry, and
 * {@code quarkus.oidc.token.audience} when set) — exactly what the HTTP API applies to bearer
 * tokens — then {@link OidcCallers} for the principal and roles.
 *
 * <p>Thread-safe. {@link #verify} blocks until quarkus-oidc answers (it may fetch the JWKS), at most
 * {@code strata.auth.token-verification-timeout}: never call it on an event loop. Under
 * {@code strata.auth.mode=none} there is no OIDC tenant, and every token is rejected.
 */
@ApplicationScoped
public class OidcTokenVerifier implements TokenVerifier {

    private final TenantIdentityProvider identityProvider;
    private final StrataConfig.AuthMode mode;
    private final Duration timeout;

    @Inject
    OidcTokenVerifier(TenantIdentityProvider identityProvider, StrataConfig config) {
        this.identityProvider = identityProvider;
        this.mode = config.auth().mode();
        this.timeout = config.auth().tokenVerificationTimeout();
    }

    /** Callable from any thread: the SASL path has no HTTP request, so one is activated if needed. */
    @Override
    @ActivateRequestContext
    public VerifiedToken verify(String accessToken, String host) {
        if (mode != StrataConfig.AuthMode.oidc) {
            throw new TokenRejectedException("OIDC is off on this broker (strata.auth.mode=" + mode + ")");
        }
        if (accessToken == null || accessToken.isBlank()) {
            throw new TokenRejectedException("No token");
        }
        SecurityIdentity identity;
        try {
            identity = identityProvider.authenticate(new AccessTokenCredential(accessToken)).await().atMost(timeout);
        } catch (RuntimeException e) {
            // AuthenticationFailedException (invalid token), a timeout, or an unreachable Keycloak: all
            // mean the token cannot be accepted now. The cause stays for the caller's log.
            throw new TokenRejectedException("The token is not valid: " + e.getClass().getSimpleName(), e);
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new TokenRejectedException("The token is not a JWT");
        }
        return new VerifiedToken(OidcCallers.caller(token, host), OidcCallers.expiresAtMs(token));
    }
}
