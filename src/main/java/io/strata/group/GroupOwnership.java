package io.strata.group;

import io.strata.config.StrataConfig;
import io.strata.metadata.MetadataImage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.BitSet;
import org.jboss.logging.Logger;

/**
 * Reacts to coordinator slots changing hands between metadata images. For every slot whose owner
 * changed (lost or gained), this broker drops the groups' in-memory membership, so members waiting
 * in a rebalance get NOT_COORDINATOR and rejoin at the new owner, and drops its cached offsets, so
 * that an owner that (re)gains a slot loads the committed offsets from PostgreSQL, which the
 * previous owner may have moved on meanwhile.
 *
 * <p>Thread-safe: images arrive serialized by {@code MetadataCache.refresh}; the previous owners
 * are guarded by this object's monitor anyway.
 */
@ApplicationScoped
public class GroupOwnership {

    private static final Logger LOG = Logger.getLogger(GroupOwnership.class);

    private final GroupCoordinator coordinator;
    private final OffsetManager offsets;
    private final int nodeId;
    private int[] previousOwners;

    @Inject
    public GroupOwnership(GroupCoordinator coordinator, OffsetManager offsets, StrataConfig config) {
        this.coordinator = coordinator;
        this.offsets = offsets;
        this.nodeId = config.nodeId();
    }

    void onImage(@Observes MetadataImage image) {
        int[] owners = CoordinatorPlacement.owners(image, nodeId);
        BitSet moved = new BitSet();
        synchronized (this) {
            if (previousOwners != null) {
                for (int slot = 0; slot < owners.length; slot++) {
                    if (owners[slot] != previousOwners[slot]) {
                        moved.set(slot);
                    }
                }
            }
            previousOwners = owners;
        }
        if (moved.isEmpty()) {
            return;
        }
        int dropped = coordinator.evict(groupId -> moved.get(CoordinatorPlacement.slotFor(groupId)));
        offsets.forgetCachedOffsets(groupId -> moved.get(CoordinatorPlacement.slotFor(groupId)));
        LOG.infof("Coordinator slots %s changed owner; dropped %d groups' membership here", moved, dropped);
    }
}
