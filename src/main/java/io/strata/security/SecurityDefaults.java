package io.strata.security;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/**
 * Fail-closed stand-ins until the real beans exist: a {@link TokenVerifier} that rejects every
 * token, and an {@link AuditLog} that only logs. Both are {@link DefaultBean}s, so the OIDC verifier
 * and the PostgreSQL audit log replace them without touching this class.
 */
@ApplicationScoped
public class SecurityDefaults {

    private static final Logger LOG = Logger.getLogger(SecurityDefaults.class);

    @Produces
    @DefaultBean
    @ApplicationScoped
    TokenVerifier rejectingTokenVerifier() {
        return (token, host) -> {
            throw new TokenVerifier.TokenRejectedException("OIDC is not configured on this broker");
        };
    }

    @Produces
    @DefaultBean
    @ApplicationScoped
    AuditLog loggingAuditLog() {
        return event -> LOG.debugf("audit: %s", event);
    }
}
