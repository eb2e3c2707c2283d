package io.strata.metadata;

import java.time.Duration;
import java.util.UUID;

/**
 * Another incarnation that holds a node id: it heartbeated {@code heartbeatAge} ago (PostgreSQL's
 * clock), which is within the session timeout, so it is alive and the node id is taken.
 */
public record LiveIncarnation(int nodeId, UUID incarnation, String host, int kafkaPort, int httpPort,
        Duration heartbeatAge) {

    public String describe() {
        return "incarnation " + incarnation + " at " + host + " (Kafka port " + kafkaPort + ", HTTP port " + httpPort
                + "), last heartbeat " + heartbeatAge.toMillis() + " ms ago";
    }
}
