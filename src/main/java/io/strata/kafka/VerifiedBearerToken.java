package io.strata.kafka;

import io.strata.security.TokenVerifier.VerifiedToken;
import java.util.Set;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;

/**
 * A token the {@link io.strata.security.TokenVerifier} accepted, in the shape kafka-clients'
 * {@code OAuthBearerSaslServer} hands back as its negotiated {@code OAUTHBEARER.token} property, so
 * the authenticator can recover the verified {@link io.strata.security.Caller}. Immutable.
 */
record VerifiedBearerToken(String value, VerifiedToken verified) implements OAuthBearerToken {

    @Override
    public Set<String> scope() {
        return Set.of();
    }

    @Override
    public long lifetimeMs() {
        return verified.expiresAtMs();
    }

    @Override
    public String principalName() {
        return verified.caller().principal().name();
    }

    @Override
    public Long startTimeMs() {
        return null;
    }
}
