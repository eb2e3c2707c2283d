package io.strata.metadata;

import java.util.Optional;

/** A registered broker as the cluster sees it; {@code alive} is judged by PostgreSQL's clock. */
public record BrokerInfo(int nodeId, Optional<String> rack, String host, int kafkaPort, int httpPort, boolean alive) {}
