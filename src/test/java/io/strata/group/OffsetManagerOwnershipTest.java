package io.strata.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.strata.common.TopicPartition;
import io.strata.metadata.OffsetStore;
import io.strata.metadata.StoredOffset;
import io.strata.testing.MigratedDatabase;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two brokers' offset managers over one real PostgreSQL, with group ownership switched by hand as
 * {@link GroupOwnership} would: the owner serves its cache, a non-owner reads the record, and a
 * broker that takes a group over sees what the previous owner committed.
 */
class OffsetManagerOwnershipTest {

    private static final TopicPartition TP = new TopicPartition("orders", 0);

    private static MigratedDatabase db;
    private static OffsetStore store;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = MigratedDatabase.start("strata-offsets-");
        store = new OffsetStore(db.dataSource());
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    private static List<StoredOffset> at(long offset) {
        return List.of(new StoredOffset(TP.topic(), TP.partition(), offset, -1, "", 0));
    }

    @Test
    void shouldServeTheNewOwnerWhatThePreviousOwnerCommittedWhenTheGroupMovesBackAndForth() {
        String group = "moving-group";
        AtomicBoolean aOwns = new AtomicBoolean(true);
        OffsetManager a = new OffsetManager(store, g -> aOwns.get());
        OffsetManager b = new OffsetManager(store, g -> !aOwns.get());

        a.commit(group, at(5));
        assertEquals(5, b.fetch(group).get(TP).offset(), "a broker that does not own the group reads PostgreSQL");
        a.commit(group, at(7));
        assertEquals(7, b.fetch(group).get(TP).offset(), "and never caches what it read");

        aOwns.set(false); // the group moves to b, which commits further
        a.forgetCachedOffsets(g -> g.equals(group));
        b.forgetCachedOffsets(g -> g.equals(group));
        assertEquals(7, b.fetch(group).get(TP).offset(), "the new owner loads the record when it takes over");
        b.commit(group, at(11));

        aOwns.set(true); // and back to a, whose cache was dropped when it lost the group
        a.forgetCachedOffsets(g -> g.equals(group));
        assertEquals(11, a.fetch(group).get(TP).offset(), "no stale offsets from before the group moved away");
    }
}
