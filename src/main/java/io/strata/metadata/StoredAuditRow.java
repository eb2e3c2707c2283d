package io.strata.metadata;

/** An {@link AuditRow} read back, with the id PostgreSQL gave it (ids grow with insertion order). */
public record StoredAuditRow(long id, AuditRow row) {}
