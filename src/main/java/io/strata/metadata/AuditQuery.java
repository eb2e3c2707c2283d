package io.strata.metadata;

import java.time.Instant;

/**
 * Which audit rows to read, newest first. Every filter is optional (null matches everything).
 *
 * @param principal      exact principal, e.g. {@code User:alice}
 * @param action         exact action
 * @param resourcePrefix rows whose resource starts with this text
 * @param outcome        exact outcome
 * @param from           rows at or after this time
 * @param to             rows strictly before this time
 * @param beforeId       rows with an id strictly below this one (the paging cursor)
 * @param limit          at most this many rows
 */
public record AuditQuery(String principal, String action, String resourcePrefix, String outcome, Instant from,
        Instant to, Long beforeId, int limit) {}
