package io.strata.security;

/**
 * Decides whether a principal may perform an operation on a resource. Every front end (HTTP, Kafka
 * protocol) asks before acting. Implementations must be thread-safe and fast: they are called on
 * every request.
 */
public interface Authorizer {

    boolean authorize(Caller caller, Operation operation, ResourceType resourceType, String resourceName);
}
