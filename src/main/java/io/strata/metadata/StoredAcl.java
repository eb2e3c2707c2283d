package io.strata.metadata;

/**
 * One row of the {@code acls} table, as text: this package stores ACLs without interpreting them
 * (the security package owns their meaning and validates them before they are written).
 */
public record StoredAcl(String principal, String host, String resourceType, String patternType, String resourceName,
        String operation, String permission) {}
