package io.strata.group;

import io.strata.config.StrataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Which broker coordinates a group. Group ids hash onto {@value #COORDINATOR_SLOTS} slots (as Kafka
 * hashes them onto {@code __consumer_offsets} partitions); a multi-broker cluster will give each
 * slot an owner. Until then this single broker owns every slot.
 *
 * <p>Thread-safe; immutable.
 */
@ApplicationScoped
public class CoordinatorPlacement {

    /** Kafka's default {@code offsets.topic.num.partitions}, so slot numbers match its hashing. */
    public static final int COORDINATOR_SLOTS = 50;

    private final StrataConfig config;

    @Inject
    public CoordinatorPlacement(StrataConfig config) {
        this.config = config;
    }

    public static int slotFor(String groupId) {
        return (groupId.hashCode() & 0x7fffffff) % COORDINATOR_SLOTS;
    }

    /** The node id of the broker that coordinates {@code groupId}. */
    public int coordinatorFor(String groupId) {
        return config.nodeId();
    }

    public boolean isLocal(String groupId) {
        return coordinatorFor(groupId) == config.nodeId();
    }
}
