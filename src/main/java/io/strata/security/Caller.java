package io.strata.security;

import java.util.Objects;
import java.util.Set;

/**
 * Who is asking and from where, as both front ends resolve it before they ask the {@link Authorizer}:
 * the Kafka listener from the connection's SASL exchange (or {@link Principal#ANONYMOUS} on a
 * PLAINTEXT listener), the HTTP API from the bearer token.
 *
 * @param principal the principal ACLs name ({@code User:<preferred_username>} for a person,
 *                  {@code User:<client_id>} for a service account, {@code User:<scram user>})
 * @param host      the client's IP address as ACLs match it (Kafka's {@code host}), never null
 * @param roles     the realm roles of the token ({@code admin}, {@code operator}, {@code viewer});
 *                  empty for SCRAM and anonymous callers
 */
public record Caller(Principal principal, String host, Set<String> roles) {

    public static final String ADMIN_ROLE = "admin";

    public Caller {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(host, "host");
        roles = Set.copyOf(roles);
    }

    public static Caller anonymous(String host) {
        return new Caller(Principal.ANONYMOUS, host, Set.of());
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return principal + "@" + host;
    }
}
