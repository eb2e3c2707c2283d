package io.strata.security;

import java.util.Objects;

/**
 * Who is asking, in Kafka's {@code type:name} form (for example {@code User:alice}). Every front
 * end resolves one per request before it asks the {@link Authorizer}.
 */
public record Principal(String type, String name) {

    public static final String USER_TYPE = "User";

    /** The caller when authentication is off ({@code strata.auth.mode=none}), as Kafka names it. */
    public static final Principal ANONYMOUS = new Principal(USER_TYPE, "ANONYMOUS");

    public Principal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    public static Principal user(String name) {
        return new Principal(USER_TYPE, name);
    }

    @Override
    public String toString() {
        return type + ":" + name;
    }
}
