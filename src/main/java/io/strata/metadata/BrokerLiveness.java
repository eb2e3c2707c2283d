package io.strata.metadata;

/**
 * One broker's liveness as PostgreSQL judges it right now: the controller's cheap poll, compared
 * with the previous poll to notice an expired heartbeat within a tick.
 */
public record BrokerLiveness(int nodeId, boolean alive, boolean shuttingDown) {

    public boolean eligibleLeader() {
        return alive && !shuttingDown;
    }
}
