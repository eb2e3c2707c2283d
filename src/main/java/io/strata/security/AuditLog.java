package io.strata.security;

/**
 * Where every admin change (topics, configs, partitions, ACLs, credentials, group offset resets) and
 * every denied request is recorded, by both front ends. Implementations must not block the caller
 * for long (write asynchronously) and must never throw: auditing must not fail the request.
 */
public interface AuditLog {

    void record(AuditEvent event);

    enum Outcome {
        SUCCESS,
        FAILURE,
        DENIED
    }

    /**
     * @param caller   who asked, from where
     * @param action   what was asked, e.g. {@code CreateTopics}, {@code http:DELETE topic}
     * @param resource what it was asked of, e.g. {@code TOPIC:orders}
     * @param outcome  how it ended
     * @param before   the state before a change (a JSON-serialisable value), or null
     * @param after    the state after a change, or null
     */
    record AuditEvent(Caller caller, String action, String resource, Outcome outcome, Object before, Object after) {

        public static AuditEvent denied(Caller caller, String action, ResourceType type, String name) {
            return new AuditEvent(caller, action, type + ":" + name, Outcome.DENIED, null, null);
        }
    }
}
