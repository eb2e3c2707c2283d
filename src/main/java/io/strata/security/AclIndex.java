package io.strata.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An immutable snapshot of every ACL, indexed for per-request decisions with Kafka's semantics: a
 * matching DENY wins; otherwise a matching ALLOW decides (READ, WRITE, DELETE and ALTER imply
 * DESCRIBE; ALTER_CONFIGS implies DESCRIBE_CONFIGS; ALL implies everything); no matching ALLOW
 * means denied. A binding matches when its principal is the caller's or {@code User:*}, its host
 * is the caller's or {@code *}, and its pattern selects the resource.
 *
 * <p>Per resource type, literal names (including {@code *}) and prefixes are hash maps; a lookup
 * probes the name, {@code *} and the name cut to each distinct prefix length, so a decision costs
 * a few hash lookups however many ACLs exist. Super users and roles are not this class's business
 * ({@link AclAuthorizer}). Thread-safe because immutable.
 */
public final class AclIndex {

    public static final AclIndex EMPTY = new AclIndex(List.of());

    private final List<AclBinding> bindings;
    private final Map<ResourceType, TypeIndex> byType = new EnumMap<>(ResourceType.class);

    /** The bindings of one resource type. */
    private static final class TypeIndex {
        final Map<String, List<AclBinding>> literal = new HashMap<>();
        final Map<String, List<AclBinding>> prefixed = new HashMap<>();
        final List<AclBinding> all = new ArrayList<>();
        int[] prefixLengths = new int[0];
    }

    public AclIndex(Collection<AclBinding> bindings) {
        this.bindings = List.copyOf(bindings);
        Map<ResourceType, TreeSet<Integer>> lengths = new EnumMap<>(ResourceType.class);
        for (AclBinding b : this.bindings) {
            TypeIndex index = byType.computeIfAbsent(b.resourceType(), t -> new TypeIndex());
            index.all.add(b);
            if (b.patternType() == PatternType.PREFIXED) {
                index.prefixed.computeIfAbsent(b.resourceName(), n -> new ArrayList<>()).add(b);
                lengths.computeIfAbsent(b.resourceType(), t -> new TreeSet<>()).add(b.resourceName().length());
            } else {
                index.literal.computeIfAbsent(b.resourceName(), n -> new ArrayList<>()).add(b);
            }
        }
        lengths.forEach((type, set) -> byType.get(type).prefixLengths = set.stream().mapToInt(Integer::intValue).toArray());
    }

    public List<AclBinding> bindings() {
        return bindings;
    }

    /** Kafka's decision for one operation on one resource, ignoring super users and roles. */
    public boolean allows(Caller caller, Operation operation, ResourceType type, String name) {
        TypeIndex index = byType.get(type);
        if (index == null) {
            return false;
        }
        String principal = caller.principal().toString();
        Verdict verdict = new Verdict();
        verdict.consider(index.literal.get(name), principal, caller.host(), operation);
        if (!name.equals(AclBinding.WILDCARD)) {
            verdict.consider(index.literal.get(AclBinding.WILDCARD), principal, caller.host(), operation);
        }
        for (int length : index.prefixLengths) {
            if (length > name.length() || verdict.denied) {
                break;
            }
            verdict.consider(index.prefixed.get(name.substring(0, length)), principal, caller.host(), operation);
        }
        return verdict.allowed && !verdict.denied;
    }

    /**
     * Kafka's {@code authorizeByResourceType}: whether some resource of {@code type} exists on which
     * the caller would be allowed {@code operation}, i.e. some matching ALLOW that no DENY covers
     * entirely (a DENY on {@code *}, on the same literal, or on a prefix of the allowed name). Used
     * for idempotent producers, which need WRITE on any topic when they lack IDEMPOTENT_WRITE.
     */
    public boolean allowsSome(Caller caller, Operation operation, ResourceType type) {
        TypeIndex index = byType.get(type);
        if (index == null) {
            return false;
        }
        String principal = caller.principal().toString();
        List<AclBinding> denies = new ArrayList<>();
        List<AclBinding> allows = new ArrayList<>();
        for (AclBinding b : index.all) {
            if (!appliesTo(b, principal, caller.host())) {
                continue;
            }
            if (b.permission() == AclPermission.DENY && denies(b.operation(), operation)) {
                if (b.patternType() == PatternType.LITERAL && b.resourceName().equals(AclBinding.WILDCARD)) {
                    return false;
                }
                denies.add(b);
            } else if (b.permission() == AclPermission.ALLOW && implies(b.operation(), operation)) {
                allows.add(b);
            }
        }
        for (AclBinding allow : allows) {
            boolean covered = denies.stream().anyMatch(deny -> deny.patternType() == PatternType.PREFIXED
                    ? allow.resourceName().startsWith(deny.resourceName())
                    : allow.patternType() == PatternType.LITERAL && deny.resourceName().equals(allow.resourceName()));
            if (!covered) {
                return true;
            }
        }
        return false;
    }

    /** Accumulates the matching bindings of one decision. */
    private static final class Verdict {
        boolean allowed;
        boolean denied;

        void consider(List<AclBinding> candidates, String principal, String host, Operation operation) {
            if (candidates == null) {
                return;
            }
            for (AclBinding b : candidates) {
                if (!appliesTo(b, principal, host)) {
                    continue;
                }
                if (b.permission() == AclPermission.DENY) {
                    denied |= denies(b.operation(), operation);
                } else {
                    allowed |= implies(b.operation(), operation);
                }
            }
        }
    }

    private static boolean appliesTo(AclBinding b, String principal, String host) {
        return (b.principal().equals(principal) || b.principal().equals(AclBinding.WILDCARD_PRINCIPAL))
                && (b.host().equals(AclBinding.WILDCARD) || b.host().equals(host));
    }

    /** A DENY forbids exactly its operation, or everything when it is ALL. */
    private static boolean denies(Operation aclOperation, Operation requested) {
        return aclOperation == Operation.ALL || aclOperation == requested;
    }

    /** An ALLOW grants its operation, what it implies (Kafka's implied DESCRIBE rules), or everything for ALL. */
    static boolean implies(Operation aclOperation, Operation requested) {
        if (aclOperation == Operation.ALL || aclOperation == requested) {
            return true;
        }
        return switch (requested) {
            case DESCRIBE -> aclOperation == Operation.READ || aclOperation == Operation.WRITE
                    || aclOperation == Operation.DELETE || aclOperation == Operation.ALTER;
            case DESCRIBE_CONFIGS -> aclOperation == Operation.ALTER_CONFIGS;
            default -> false;
        };
    }
}
