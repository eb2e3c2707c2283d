package io.strata.kafka;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.security.AclBinding;
import io.strata.security.AclBindingFilter;
import io.strata.security.AclPermission;
import io.strata.security.Operation;
import io.strata.security.PatternType;
import io.strata.security.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;

/**
 * Translates the wire codes of CreateAcls, DescribeAcls and DeleteAcls (kafka-clients'
 * {@code AclOperation}, {@code AclPermissionType}, {@code ResourceType}, {@code PatternType}) to and
 * from Strata's ACL model. ANY becomes null in filters; UNKNOWN, ANY where a value is required, and
 * kinds Strata does not have (delegation tokens, users) are {@link ErrorKind#INVALID_REQUEST}, as
 * Kafka answers them. Stateless.
 */
final class KafkaAcls {

    private KafkaAcls() {}

    /** The filter fields as the wire has them; one shape for DescribeAcls and DeleteAcls filters. */
    record WireFilter(byte resourceType, String resourceName, byte patternType, String principal, String host,
            byte operation, byte permission) {}

    static AclBinding binding(byte resourceType, String resourceName, byte patternType, String principal, String host,
            byte operation, byte permission) {
        return new AclBinding(principal, host, resourceType(resourceType, false), patternType(patternType, false),
                resourceName, operation(operation, false), permission(permission, false));
    }

    static AclBindingFilter filter(WireFilter f) {
        return new AclBindingFilter(f.principal(), f.host(), resourceType(f.resourceType(), true),
                patternType(f.patternType(), true), f.resourceName(), operation(f.operation(), true),
                permission(f.permission(), true));
    }

    static byte code(ResourceType type) {
        return org.apache.kafka.common.resource.ResourceType.valueOf(type.name()).code();
    }

    static byte code(PatternType type) {
        return org.apache.kafka.common.resource.PatternType.valueOf(type.name()).code();
    }

    static byte code(Operation operation) {
        return AclOperation.valueOf(operation.name()).code();
    }

    static byte code(AclPermission permission) {
        return AclPermissionType.valueOf(permission.name()).code();
    }

    private static ResourceType resourceType(byte code, boolean anyAllowed) {
        var kafka = org.apache.kafka.common.resource.ResourceType.fromCode(code);
        if (anyAllowed && kafka == org.apache.kafka.common.resource.ResourceType.ANY) {
            return null;
        }
        return parse(ResourceType.class, kafka.name(), "resource type");
    }

    private static PatternType patternType(byte code, boolean anyAllowed) {
        var kafka = org.apache.kafka.common.resource.PatternType.fromCode(code);
        if (anyAllowed && kafka == org.apache.kafka.common.resource.PatternType.ANY) {
            return null;
        }
        PatternType type = parse(PatternType.class, kafka.name(), "pattern type");
        if (!anyAllowed && !type.specific()) {
            throw invalid("Invalid pattern type " + type + " for an ACL");
        }
        return type;
    }

    private static Operation operation(byte code, boolean anyAllowed) {
        AclOperation kafka = AclOperation.fromCode(code);
        if (anyAllowed && kafka == AclOperation.ANY) {
            return null;
        }
        return parse(Operation.class, kafka.name(), "operation");
    }

    private static AclPermission permission(byte code, boolean anyAllowed) {
        AclPermissionType kafka = AclPermissionType.fromCode(code);
        if (anyAllowed && kafka == AclPermissionType.ANY) {
            return null;
        }
        return parse(AclPermission.class, kafka.name(), "permission");
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw invalid("Unsupported " + what + " " + name);
        }
    }

    private static StrataException invalid(String message) {
        return new StrataException(ErrorKind.INVALID_REQUEST, message);
    }
}
