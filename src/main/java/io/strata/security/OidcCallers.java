package io.strata.security;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The one mapping from a verified Keycloak access token to a {@link Caller}, used by the HTTP API and
 * by {@link TokenVerifier} (SASL {@code OAUTHBEARER}), so a token names the same principal with the
 * same roles on both front ends.
 *
 * <ul>
 *   <li>A client-credentials token (a service account) carries Keycloak's {@code client_id} claim:
 *       its principal is {@code User:<client_id>}, not the synthetic {@code service-account-*} user name.</li>
 *   <li>Any other token is a person's: {@code User:<preferred_username>}, falling back to {@code sub}.</li>
 *   <li>Roles are the access token's realm roles, {@code realm_access.roles}; client roles are ignored.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe. It trusts its input: only pass tokens whose signature, issuer, expiry
 * and audience were already verified.
 */
public final class OidcCallers {

    static final String CLIENT_ID_CLAIM = "client_id";
    static final String USERNAME_CLAIM = "preferred_username";
    static final String REALM_ACCESS_CLAIM = "realm_access";

    private OidcCallers() {}

    public static Caller caller(JsonWebToken token, String host) {
        return new Caller(principal(token), host, realmRoles(token));
    }

    /** When the token stops being valid, in epoch milliseconds (its {@code exp}). */
    public static long expiresAtMs(JsonWebToken token) {
        return token.getExpirationTime() * 1000L;
    }

    static Principal principal(JsonWebToken token) {
        String clientId = text(token.getClaim(CLIENT_ID_CLAIM));
        if (clientId != null) {
            return Principal.user(clientId);
        }
        String username = text(token.getClaim(USERNAME_CLAIM));
        if (username != null) {
            return Principal.user(username);
        }
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new TokenVerifier.TokenRejectedException("The token names no client, user or subject");
        }
        return Principal.user(subject);
    }

    static Set<String> realmRoles(JsonWebToken token) {
        Object realmAccess = token.getClaim(REALM_ACCESS_CLAIM);
        Object roles = null;
        if (realmAccess instanceof JsonObject json) {
            roles = json.get("roles");
        } else if (realmAccess instanceof Map<?, ?> map) {
            roles = map.get("roles");
        }
        Set<String> result = new LinkedHashSet<>();
        // A JSON array is a Collection too (of JsonString).
        if (roles instanceof Collection<?> list) {
            for (Object value : list) {
                String role = text(value);
                if (role != null) {
                    result.add(role);
                }
            }
        }
        return result;
    }

    /** A claim's value as a non-blank string, or null (claims arrive as String or JSON string). */
    private static String text(Object claim) {
        String value = claim instanceof JsonString json ? json.getString() : claim instanceof String s ? s : null;
        return value == null || value.isBlank() ? null : value;
    }
}
