package io.strata.metadata;

import java.util.Optional;

/**
 * A registered broker as the cluster sees it. {@code alive} is judged by PostgreSQL's clock (a
 * heartbeat within the session timeout); {@code shuttingDown} is set by a broker in controlled
 * shutdown, which still serves but should lead nothing.
 */
public record BrokerInfo(int nodeId, Optional<String> rack, String host, int kafkaPort, int httpPort, boolean alive,
        boolean shuttingDown) {

    public BrokerInfo(int nodeId, Optional<String> rack, String host, int kafkaPort, int httpPort, boolean alive) {
        this(nodeId, rack, host, kafkaPort, httpPort, alive, false);
    }

    /** Alive and not on its way out: the only kind of broker the controller gives leadership to. */
    public boolean eligibleLeader() {
        return alive && !shuttingDown;
    }
}
