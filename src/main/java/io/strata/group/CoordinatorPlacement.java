package io.strata.group;

import io.strata.config.StrataConfig;
import io.strata.metadata.BrokerLiveness;
import io.strata.metadata.ControllerStore;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataImage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which broker coordinates a group: group id → slot ({@link #slotFor}, Kafka's hashing onto
 * {@value #COORDINATOR_SLOTS} {@code __consumer_offsets} partitions) → owner among the candidate
 * brokers of the current {@link MetadataImage}, by rendezvous (highest-random-weight) hashing of the
 * slot over the candidates' node ids.
 *
 * <p>Why a deterministic function and not controller-assigned owners: every broker computes the same
 * owner from the same image without any extra PostgreSQL write or table, and rendezvous hashing
 * moves only the slots of a broker that leaves (a broker that joins takes only the slots it now
 * wins). Liveness comes from PostgreSQL's clock (the image's {@code alive} flag); the controller
 * announces every liveness change, so all brokers see a dead coordinator within one liveness poll
 * plus a NOTIFY.
 *
 * <p>Candidates: the brokers that are alive and not shutting down (so a controlled shutdown hands
 * its groups over while it still serves); if none, every alive broker; if none, this broker alone.
 * This broker counts as a candidate when it is not registered in the image at all (before its first
 * image, or a single broker in tests), never when the image says it is dead: then another broker
 * owns its slots and it must not act for them. A single broker therefore owns every slot.
 *
 * <p>Invariants: for one image, every slot has exactly one owner and every broker computes the same
 * one. While two brokers' images disagree (between a liveness change and the NOTIFY reaching both)
 * both may believe they own a slot; {@link GroupOwnership} drops the group state of slots that
 * change hands, and OffsetCommit is accepted only from a member of the current generation at the
 * broker that owns the group in its own image and, checked against PostgreSQL's liveness right
 * before the write ({@link #confirmedByStore}), by PostgreSQL's clock too. So a broker whose
 * heartbeat expired (paused, cut off) stores nothing for groups that have moved, even before it
 * notices; what remains is the milliseconds between that check and the write.
 *
 * <p>Thread-safe: stateless apart from reading the volatile image.
 */
@ApplicationScoped
public class CoordinatorPlacement {

    /** Kafka's default {@code offsets.topic.num.partitions}, so slot numbers match its hashing. */
    public static final int COORDINATOR_SLOTS = 50;

    private final StrataConfig config;
    private final MetadataCache metadata;
    private final ControllerStore liveness;

    @Inject
    public CoordinatorPlacement(StrataConfig config, MetadataCache metadata, ControllerStore liveness) {
        this.config = config;
        this.metadata = metadata;
        this.liveness = liveness;
    }

    public static int slotFor(String groupId) {
        return (groupId.hashCode() & 0x7fffffff) % COORDINATOR_SLOTS;
    }

    /** The node ids that may own slots in {@code image}, as seen by broker {@code selfId} (see class doc). */
    public static List<Integer> candidates(MetadataImage image, int selfId) {
        return candidates(image.brokers().values().stream()
                .map(b -> new BrokerLiveness(b.nodeId(), b.alive(), b.shuttingDown())).toList(), selfId);
    }

    /** The node ids that may own slots given every registered broker's liveness, as seen by broker {@code selfId}. */
    public static List<Integer> candidates(Collection<BrokerLiveness> brokers, int selfId) {
        List<Integer> eligible = new ArrayList<>();
        List<Integer> alive = new ArrayList<>();
        boolean selfRegistered = false;
        for (BrokerLiveness b : brokers) {
            selfRegistered |= b.nodeId() == selfId;
            if (b.eligibleLeader()) {
                eligible.add(b.nodeId());
            }
            if (b.alive()) {
                alive.add(b.nodeId());
            }
        }
        List<Integer> out = !eligible.isEmpty() ? eligible : alive;
        if (out.isEmpty() || !selfRegistered) {
            out.add(selfId);
        }
        return out;
    }

    /** The owner of {@code slot} among {@code candidates} (not empty): the highest rendezvous weight. */
    public static int ownerOf(int slot, Collection<Integer> candidates) {
        int best = -1;
        long bestWeight = 0;
        for (int node : candidates) {
            long weight = weight(slot, node);
            if (best < 0 || Long.compareUnsigned(weight, bestWeight) > 0
                    || weight == bestWeight && node < best) {
                best = node;
                bestWeight = weight;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("No candidate broker for slot " + slot);
        }
        return best;
    }

    /** SplitMix64's finalizer over (slot, node): well spread, and the same on every JVM. */
    private static long weight(int slot, int node) {
        long z = ((long) slot << 32 | (node & 0xffffffffL)) + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The owner of every slot in {@code image} as broker {@code selfId} sees it, indexed by slot. */
    public static int[] owners(MetadataImage image, int selfId) {
        List<Integer> candidates = candidates(image, selfId);
        int[] owners = new int[COORDINATOR_SLOTS];
        for (int slot = 0; slot < COORDINATOR_SLOTS; slot++) {
            owners[slot] = ownerOf(slot, candidates);
        }
        return owners;
    }

    /** The node id of the broker that coordinates {@code groupId} in this broker's current image. */
    public int coordinatorFor(String groupId) {
        return ownerOf(slotFor(groupId), candidates(metadata.image(), config.nodeId()));
    }

    public boolean isLocal(String groupId) {
        return coordinatorFor(groupId) == config.nodeId();
    }

    /**
     * Whether this broker owns {@code groupId} by the liveness PostgreSQL reports right now (not by
     * this broker's possibly older image): the fence before an offset commit is written. Blocks on
     * PostgreSQL; throws when it cannot be reached.
     */
    public boolean confirmedByStore(String groupId) {
        List<BrokerLiveness> now = liveness.brokerLiveness(config.metadata().sessionTimeout());
        return ownerOf(slotFor(groupId), candidates(now, config.nodeId())) == config.nodeId();
    }

    /**
     * Whether a group request must be answered NOT_COORDINATOR here: a valid id that another broker
     * coordinates (an invalid one keeps its INVALID_GROUP_ID answer, as in Kafka).
     */
    public boolean notCoordinatorFor(String groupId) {
        return GroupIds.isValid(groupId) && !isLocal(groupId);
    }

    public int nodeId() {
        return config.nodeId();
    }
}
