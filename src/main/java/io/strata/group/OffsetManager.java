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
import java.util.function.Predicate;

/**
 * Committed offsets per group: PostgreSQL is the record, memory a cache filled from it on a
 * group's first use, so offsets survive any broker restart. A commit is written (one batched
 * statement) before it is cached and acknowledged.
 *
 * <p>Only the group's coordinator writes its offsets (the Kafka handlers answer NOT_COORDINATOR
 * elsewhere), so the coordinator serves fetches from its cache. Groups this broker does not own
 * (an HTTP description asked here) are read from PostgreSQL and never cached. When a slot changes
 * hands, {@link GroupOwnership} drops the cached groups of that slot, so a broker taking
 * ownership loads what the previous owner committed.
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

    /** Whether this broker coordinates a group, so that its cache is the current truth. */
    private final Predicate<String> owned;

    /** An offset manager that owns every group (a single broker). */
    public OffsetManager(OffsetStore store) {
        this(store, groupId -> true);
    }

    public OffsetManager(OffsetStore store, Predicate<String> owned) {
        this.store = store;
        this.owned = owned;
    }

    private Map<TopicPartition, StoredOffset> read(String groupId) {
        Map<TopicPartition, StoredOffset> fromStore = new HashMap<>();
        for (StoredOffset o : store.load(groupId)) {
            fromStore.put(new TopicPartition(o.topic(), o.partition()), o);
        }
        return fromStore;
    }

    private Map<TopicPartition, StoredOffset> loaded(GroupOffsets group, String groupId) {
        if (group.offsets == null) {
            group.offsets = read(groupId);
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
        if (!owned.test(groupId)) {
            return Map.copyOf(read(groupId)); // another broker coordinates (and caches) it
        }
        GroupOffsets group = entry(groupId);
        synchronized (group) {
            return Map.copyOf(loaded(group, groupId));
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

    /** Drops the in-memory copy of the selected groups (their coordinator moved); the next access reads PostgreSQL. */
    public void forgetCachedOffsets(Predicate<String> groups) {
        cache.keySet().removeIf(groups);
    }
}
