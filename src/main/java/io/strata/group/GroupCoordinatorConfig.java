package io.strata.group;

/**
 * Broker-wide limits of the classic group protocol, with Kafka's defaults
 * ({@code group.min.session.timeout.ms}, {@code group.max.session.timeout.ms},
 * {@code group.max.size}).
 */
public record GroupCoordinatorConfig(int minSessionTimeoutMs, int maxSessionTimeoutMs, int maxGroupSize) {

    public static final GroupCoordinatorConfig DEFAULTS = new GroupCoordinatorConfig(6_000, 1_800_000, Integer.MAX_VALUE);
}
