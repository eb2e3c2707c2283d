package io.strata.security;

/**
 * How an ACL's resource name matches, as Kafka names it. A binding is {@link #LITERAL} (the exact
 * name, or {@code *} for every resource of its type) or {@link #PREFIXED} (every name starting with
 * it). Filters may also say {@link #ANY} (a binding of either kind with exactly the filter's name)
 * or {@link #MATCH} (every binding that applies to the filter's name).
 */
public enum PatternType {
    LITERAL,
    PREFIXED,
    ANY,
    MATCH;

    /** Whether a stored binding may have this pattern type (filters may have all four). */
    public boolean specific() {
        return this == LITERAL || this == PREFIXED;
    }
}
