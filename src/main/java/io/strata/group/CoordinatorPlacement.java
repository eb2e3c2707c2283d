package io.strata.group;

import io.strata.config.StrataConfig;
import io.strata.metadata.BrokerInfo;
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
 * broker that owns the group in its own image.
 *
 * <p>Thread-safe: stateless apart from reading the volatile image.
 */
@ApplicationScoped
public class CoordinatorPlacement {

    /** Kafka's default {@code offsets.topic.num.partitions}, so slot numbers match its hashing. */
    public static final int COORDINATOR_SLOTS = 50;

    private final StrataConfig config;
    private final MetadataCache metadata;

    @Inject
    public CoordinatorPlacement(StrataConfig config, MetadataCache metadata) {
        this.config = config;
        this.metadata = metadata;
    }

    public static int slotFor(String groupId) {
        return (groupId.hashCode() & 0x7fffffff) % COORDINATOR_SLOTS;
    }

    /** The node ids that may own slots in {@code image}, as seen by broker {@code selfId} (see class doc). */
    public static List<Integer> candidates(MetadataImage image, int selfId) {
        List<Integer> eligible = new ArrayList<>();
        List<Integer> alive = new ArrayList<>();
        for (BrokerInfo b : image.brokers().values()) {
            if (b.eligibleLeader()) {
                eligible.add(b.nodeId());
            }
            if (b.alive()) {
                alive.add(b.nodeId());
            }
        }
        List<Integer> out = !eligible.isEmpty() ? eligible : alive;
        if (out.isEmpty() || !image.brokers().containsKey(selfId)) {
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
