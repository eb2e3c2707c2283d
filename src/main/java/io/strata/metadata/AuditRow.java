package io.strata.metadata;

import java.time.Instant;

/**
 * One row of {@code audit_log} as written: who did what to which resource, how it ended, and the
 * state before and after as JSON text (null when there is none).
 *
 * @param at         when the action happened (not when the row was written: writes are batched)
 * @param principal  {@code User:alice}
 * @param client     the client's address, or null when unknown
 * @param action     e.g. {@code CreateTopics} or {@code http:DELETE topic}
 * @param resource   e.g. {@code TOPIC:orders}
 * @param outcome    {@code SUCCESS}, {@code FAILURE} or {@code DENIED}
 * @param beforeJson a JSON document, or null
 * @param afterJson  a JSON document, or null
 */
public record AuditRow(Instant at, String principal, String client, String action, String resource, String outcome,
        String beforeJson, String afterJson) {}
