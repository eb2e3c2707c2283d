package io.strata.security;

/**
 * Selects ACL bindings for describe and delete, as Kafka's {@code AclBindingFilter}: every null
 * field matches anything (Kafka's ANY). {@code patternType} {@link PatternType#ANY} (or null) with a
 * name matches bindings of either pattern with exactly that name; {@link PatternType#MATCH} matches
 * every binding that applies to the name (the literal, {@code *}, and prefixes of it); a specific
 * pattern type matches only that type. Principal and host match literally ({@code User:*} selects
 * only bindings for {@code User:*}). Immutable.
 */
public record AclBindingFilter(String principal, String host, ResourceType resourceType, PatternType patternType,
        String resourceName, Operation operation, AclPermission permission) {

    public static final AclBindingFilter ANY = new AclBindingFilter(null, null, null, null, null, null, null);

    public boolean matches(AclBinding binding) {
        return (principal == null || principal.equals(binding.principal()))
                && (host == null || host.equals(binding.host()))
                && (resourceType == null || resourceType == binding.resourceType())
                && (operation == null || operation == binding.operation())
                && (permission == null || permission == binding.permission())
                && matchesPattern(binding);
    }

    private boolean matchesPattern(AclBinding binding) {
        PatternType pattern = patternType == null ? PatternType.ANY : patternType;
        if (pattern.specific() && pattern != binding.patternType()) {
            return false;
        }
        if (resourceName == null) {
            return true;
        }
        if (pattern == PatternType.MATCH) {
            return binding.selects(resourceName);
        }
        return resourceName.equals(binding.resourceName());
    }
}
