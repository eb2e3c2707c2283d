package io.strata.group;

import io.strata.common.TopicPartition;
import io.strata.metadata.OffsetStore;
import io.strata.metadata.StoredOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Committed offsets per group: PostgreSQL is the record, memory a cache filled from it on a
 * group's first use, so offsets survive any broker restart. A commit is written (one batched
 * statement) before it is cached and acknowledged. A fetch reads the record again (other brokers
 * commit for the same group), falling back to the cache only while PostgreSQL cannot be reached.
 *
 * <p>Every method may block on PostgreSQL: call it off the event loop. Thread-safe: one monitor per
 * group orders that group's loads and writes, so the cache never disagrees with what was stored
 * last; different groups do not wait for each other.
 */
public final class OffsetManager {

    private final OffsetStore store;
    private final ConcurrentHashMap<String, GroupOffsets> cache = new ConcurrentHashMap<>();

    /** One group's cached offsets; {@code offsets} is null until loaded. Guarded by its own monitor. */
    private static final class GroupOffsets {
        Map<TopicPartition, StoredOffset> offsets;
    }

    public OffsetManager(OffsetStore store) {
        this.store = store;
    }

    private Map<TopicPartition, StoredOffset> loaded(GroupOffsets group, String groupId) {
        if (group.offsets == null) {
            Map<TopicPartition, StoredOffset> fromStore = new HashMap<>();
            for (StoredOffset o : store.load(groupId)) {
                fromStore.put(new TopicPartition(o.topic(), o.partition()), o);
            }
            group.offsets = fromStore;
        }
        return group.offsets;
    }

    private GroupOffsets entry(String groupId) {
        return cache.computeIfAbsent(groupId, g -> new GroupOffsets());
    }

    /** Stores the offsets of one commit request (the last one wins for a repeated partition). */
    public void commit(String groupId, List<StoredOffset> offsets) {
        Map<TopicPartition, StoredOffset> distinct = new LinkedHashMap<>();
        offsets.forEach(o -> distinct.put(new TopicPartition(o.topic(), o.partition()), o));
        GroupOffsets group = entry(groupId);
        synchronized (group) {
            Map<TopicPartition, StoredOffset> current = loaded(group, groupId);
            store.upsert(groupId, new ArrayList<>(distinct.values()));
            current.putAll(distinct);
        }
    }

    /** The group's committed offsets; unknown groups have none. */
    public Map<TopicPartition, StoredOffset> fetch(String groupId) {
        if (!GroupIds.isValid(groupId)) {
            return Map.of(); // such an id could never have committed (and PostgreSQL cannot be asked about it)
        }
        GroupOffsets group = entry(groupId);
        synchronized (group) {
            // Every broker of a cluster answers for every group (CoordinatorPlacement), so another
            // broker may have committed since this one cached the group: read the record again,
            // and only while PostgreSQL is away answer with what this broker last knew.
            Map<TopicPartition, StoredOffset> cached = group.offsets;
            group.offsets = null;
            try {
                return Map.copyOf(loaded(group, groupId));
            } catch (RuntimeException e) {
                if (cached == null) {
                    throw e;
                }
                group.offsets = cached;
                return Map.copyOf(cached);
            }
        }
    }

    public boolean hasOffsets(String groupId) {
        return !fetch(groupId).isEmpty();
    }

    public void delete(String groupId, List<TopicPartition> partitions) {
        GroupOffsets group = entry(groupId);
        synchronized (group) {
            Map<TopicPartition, StoredOffset> current = loaded(group, groupId);
            store.delete(groupId, partitions);
            partitions.forEach(current::remove);
        }
    }

    /** Removes every offset of the group; true when it had any. */
    public boolean deleteGroup(String groupId) {
        GroupOffsets group = entry(groupId);
        synchronized (group) {
            int deleted = store.deleteGroup(groupId);
            group.offsets = new HashMap<>();
            return deleted > 0;
        }
    }

    /** Every group with committed offsets, as stored (so also groups no client has touched since a restart). */
    public Set<String> groupIds() {
        return new TreeSet<>(store.groupIds());
    }

    /**
     * Drops the in-memory copy, as a broker restart does; the next access reads PostgreSQL again.
     * Lets tests prove that offsets come back from the store.
     */
    public void forgetCachedOffsets() {
        cache.clear();
    }
}
