package io.strata.http;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.config.StrataConfig;
import io.strata.security.Caller;
import io.strata.security.OidcCallers;
import io.strata.security.TokenVerifier;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The single gate in front of every {@code /v3} endpoint: resolves the request's {@link Caller} once,
 * before routing (so an unknown path answers 401 too, and reveals nothing), applies the rate limit,
 * and leaves the caller on the routing context for {@link ApiContext#caller()}.
 *
 * <p>Under {@code strata.auth.mode=oidc} the caller comes from the bearer token, validated by
 * quarkus-oidc as a {@code service} application (issuer, JWKS signature, expiry, audience when
 * configured). Authentication is lazy ({@code quarkus.http.auth.proactive=false}), so a missing or
 * invalid token surfaces here as a failure that the one exception mapper turns into 401/40101, with
 * the Confluent body, and each principal is held to its rate limit ({@link RateLimiter}). Under
 * {@code none} every caller is anonymous at its client address and nothing is limited.
 */
public class ApiAuthentication {

    /** Routing-context key of the authenticated {@link Caller}. */
    static final String CALLER_KEY = "io.strata.caller";

    private final StrataConfig.AuthMode mode;
    private final RateLimiter rateLimiter;

    @Inject
    ApiAuthentication(StrataConfig config, RateLimiter rateLimiter) {
        this.mode = config.auth().mode();
        this.rateLimiter = rateLimiter;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Uni<Void> authenticate(RoutingContext routing) {
        String host = clientHost(routing);
        if (mode == StrataConfig.AuthMode.none) {
            // Open mode trusts its network (local use, benchmarks): no principals, so no rate limit.
            routing.put(CALLER_KEY, Caller.anonymous(host));
            return Uni.createFrom().voidItem();
        }
        return QuarkusHttpUser.getSecurityIdentity(routing, null)
                .onFailure().transform(e -> unauthorized(
                        "The bearer token is not valid (expired, malformed, wrongly signed, or for another issuer or audience)."))
                .map(identity -> {
                    admit(routing, callerOf(identity, host));
                    return null;
                });
    }

    /** The request's caller, as {@link #authenticate} resolved it; 401 when it was never resolved. */
    static Caller caller(RoutingContext routing) {
        Caller caller = routing == null ? null : routing.get(CALLER_KEY);
        if (caller == null) {
            throw unauthorized("Authentication required.");
        }
        return caller;
    }

    private void admit(RoutingContext routing, Caller caller) {
        rateLimiter.acquire(caller.principal().toString());
        routing.put(CALLER_KEY, caller);
    }

    private static Caller callerOf(SecurityIdentity identity, String host) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw unauthorized("Authentication required: send an access token as 'Authorization: Bearer <token>'.");
        }
        try {
            return OidcCallers.caller(token, host);
        } catch (TokenVerifier.TokenRejectedException e) {
            throw unauthorized(e.getMessage());
        }
    }

    private static String clientHost(RoutingContext routing) {
        SocketAddress address = routing.request().remoteAddress();
        return address == null || address.hostAddress() == null ? "unknown" : address.hostAddress();
    }

    private static StrataException unauthorized(String message) {
        return new StrataException(ErrorKind.UNAUTHORIZED, message);
    }
}
