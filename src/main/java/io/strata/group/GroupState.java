package io.strata.group;

/**
 * The classic group protocol's states, named as Kafka names them on the wire (ListGroups,
 * DescribeGroups) and in its tools.
 *
 * <p>Transitions: Empty -> PreparingRebalance (a member joins); PreparingRebalance ->
 * CompletingRebalance (every member rejoined, or the rebalance timeout passed, with members left) or
 * Empty (none left); CompletingRebalance -> Stable (the leader's SyncGroup) or PreparingRebalance (a
 * member joins, leaves or expires); Stable -> PreparingRebalance; any -> Dead (DeleteGroups).
 */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String wireName;

    GroupState(String wireName) {
        this.wireName = wireName;
    }

    /** The name Kafka clients and tools expect, e.g. {@code PreparingRebalance}. */
    public String wireName() {
        return wireName;
    }

    /** Case-insensitive lookup by wire name (ListGroups' states filter), or null when unknown. */
    public static GroupState fromWireName(String name) {
        for (GroupState s : values()) {
            if (s.wireName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }
}
