package io.strata.security;

import java.util.LinkedHashMap;
import java.util.Map;

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
            return new AuditEvent(caller, action, resource(type, name), Outcome.DENIED, null, null);
        }

        /**
         * A change that failed: {@code after} records the error ({@code {"error": "INVALID_CONFIG",
         * "message": "..."}}), since the state itself did not change.
         */
        public static AuditEvent failure(Caller caller, String action, String resource, Object before, String error,
                String message) {
            Map<String, String> failure = new LinkedHashMap<>();
            failure.put("error", error);
            failure.put("message", message);
            return new AuditEvent(caller, action, resource, Outcome.FAILURE, before, failure);
        }

        /** The audit log's name of a resource: {@code TOPIC:orders}, {@code GROUP:billing}. */
        public static String resource(ResourceType type, String name) {
            return type + ":" + name;
        }
    }
}
