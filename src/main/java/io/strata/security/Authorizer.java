package io.strata.security;

/**
 * Decides whether a principal may perform an operation on a resource. Every front end (HTTP, Kafka
 * protocol) asks before acting. Implementations must be thread-safe and fast: they are called on
 * every request.
 */
public interface Authorizer {

    boolean authorize(Caller caller, Operation operation, ResourceType resourceType, String resourceName);

    /**
     * Whether the caller may perform {@code operation} on at least one resource of the type (Kafka's
     * {@code authorizeByResourceType}, which idempotent producers without IDEMPOTENT_WRITE rely on).
     * The default asks about the wildcard name, which is exact for authorizers that ignore names.
     */
    default boolean authorizeAny(Caller caller, Operation operation, ResourceType resourceType) {
        return authorize(caller, operation, resourceType, "*");
    }
}
