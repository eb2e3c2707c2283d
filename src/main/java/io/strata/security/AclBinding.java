package io.strata.security;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.metadata.StoredAcl;
import java.util.Objects;

/**
 * One ACL in Kafka's model: {@code principal} ({@code User:<name>}, or {@code User:*} for everyone)
 * connecting from {@code host} (an IP address, or {@code *}) is allowed or denied {@code operation}
 * on the resources of {@code resourceType} that {@code patternType}/{@code resourceName} select.
 *
 * <p>Invariants (checked on construction, {@link ErrorKind#INVALID_REQUEST} otherwise, which is
 * what both front ends report for a bad binding): a {@code type:name} principal, a non-empty host
 * and resource name, a {@link PatternType#specific() specific} pattern type, and the single cluster
 * resource named {@value ResourceType#CLUSTER_NAME} with a literal pattern. Immutable.
 */
public record AclBinding(String principal, String host, ResourceType resourceType, PatternType patternType,
        String resourceName, Operation operation, AclPermission permission) {

    public static final String WILDCARD = "*";
    public static final String WILDCARD_PRINCIPAL = Principal.USER_TYPE + ":" + WILDCARD;

    public AclBinding {
        requireValue(resourceType, "resource type");
        requireValue(patternType, "pattern type");
        requireValue(operation, "operation");
        requireValue(permission, "permission");
        if (!validPrincipal(principal)) {
            throw invalid("Could not parse principal from '" + principal + "' (expected type:name, e.g. User:alice)");
        }
        if (host == null || host.isEmpty()) {
            throw invalid("The host must not be empty (use * for every host)");
        }
        if (resourceName == null || resourceName.isEmpty()) {
            throw invalid("Resource name should not be empty");
        }
        if (!patternType.specific()) {
            throw invalid("Invalid pattern type " + patternType + " for an ACL (LITERAL or PREFIXED)");
        }
        if (resourceType == ResourceType.CLUSTER
                && (patternType != PatternType.LITERAL || !resourceName.equals(ResourceType.CLUSTER_NAME))) {
            throw invalid("The cluster resource is the literal name " + ResourceType.CLUSTER_NAME);
        }
    }

    /** The row this binding is stored as. */
    public StoredAcl toStored() {
        return new StoredAcl(principal, host, resourceType.name(), patternType.name(), resourceName, operation.name(),
                permission.name());
    }

    /** The binding a stored row means; {@link ErrorKind#INVALID_REQUEST} when the row names no known value. */
    public static AclBinding fromStored(StoredAcl row) {
        try {
            return new AclBinding(row.principal(), row.host(), ResourceType.valueOf(row.resourceType()),
                    PatternType.valueOf(row.patternType()), row.resourceName(), Operation.valueOf(row.operation()),
                    AclPermission.valueOf(row.permission()));
        } catch (IllegalArgumentException e) {
            throw invalid("Unreadable ACL row " + row + ": " + e.getMessage());
        }
    }

    /** Kafka's principal syntax: a non-empty type, a colon, a non-empty name. */
    public static boolean validPrincipal(String principal) {
        if (principal == null) {
            return false;
        }
        int colon = principal.indexOf(':');
        return colon > 0 && colon < principal.length() - 1;
    }

    /** Whether this binding's resource pattern selects {@code name} (a literal, {@code *}, or a prefix of it). */
    public boolean selects(String name) {
        return switch (patternType) {
            case LITERAL -> resourceName.equals(name) || resourceName.equals(WILDCARD);
            case PREFIXED -> name.startsWith(resourceName);
            default -> false;
        };
    }

    private static void requireValue(Object value, String what) {
        if (Objects.isNull(value)) {
            throw invalid("The " + what + " is required");
        }
    }

    static StrataException invalid(String message) {
        return new StrataException(ErrorKind.INVALID_REQUEST, message);
    }
}
