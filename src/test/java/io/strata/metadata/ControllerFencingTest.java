package io.strata.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.testing.MigratedDatabase;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Controller election and fencing, and node-id ownership, against a real PostgreSQL: two controller
 * sessions compete for the advisory lock, and the deposed one's write is refused by the database.
 */
class ControllerFencingTest {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(30);

    private static MigratedDatabase db;
    private static EmbeddedDatabase database;
    private static PGSimpleDataSource dataSource;
    private static MetadataStore store;
    private static ControllerStore controllerStore;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = MigratedDatabase.start("strata-fencing-");
        database = db.database();
        dataSource = db.dataSource();
        store = new MetadataStore(dataSource);
        controllerStore = new ControllerStore(dataSource);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    /** PostgreSQL releases a closed connection's advisory locks when its backend exits, a moment later. */
    private static boolean acquireWithin(ControllerSession session, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!session.tryAcquire()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static ControllerSession session() {
        return new ControllerSession(() -> DriverManager.getConnection(database.jdbcUrl(), database.username(), ""));
    }

    @Test
    void shouldRejectDeposedControllersWriteWhenAnotherControllerWasElected() throws Exception {
        TopicInfo topic = store.createTopic(new NewTopic("fenced-" + UUID.randomUUID(), 3, Map.of(),
                List.of(List.of(1, 2, 3))));
        PartitionInfo p = topic.partition(0);
        try (ControllerSession first = session(); ControllerSession second = session()) {
            assertTrue(first.tryAcquire());
            long firstEpoch = first.elect(1);
            assertFalse(second.tryAcquire(), "the lock admits one controller at a time");

            first.close(); // its connection is gone: so is the lock
            assertTrue(acquireWithin(second, Duration.ofSeconds(10)),
                    "the lock is free once the server has ended the first session's backend");
            long secondEpoch = second.elect(2);
            assertTrue(secondEpoch > firstEpoch);
            assertEquals(new ControllerStore.ControllerRecord(secondEpoch, 2), controllerStore.current());

            PartitionChange stale = new PartitionChange(topic.topicId(), topic.name(), 0, p.partitionEpoch(), 2,
                    List.of(2, 3), p.leaderEpoch() + 1, p.partitionEpoch() + 1);
            StrataException refused = assertThrows(StrataException.class,
                    () -> controllerStore.applyPartitionChanges(firstEpoch, List.of(stale)));
            assertEquals(ErrorKind.NOT_CONTROLLER, refused.kind());
            assertThrows(StrataException.class, () -> controllerStore.announceLivenessChange(firstEpoch));
            assertEquals(p, partition(topic.name()), "a deposed controller changed nothing");

            List<PartitionChange> applied = controllerStore.applyPartitionChanges(secondEpoch, List.of(stale));
            assertEquals(1, applied.size());
            assertEquals(new PartitionInfo(0, List.of(1, 2, 3), List.of(2, 3), 2, p.leaderEpoch() + 1,
                    p.partitionEpoch() + 1), partition(topic.name()));
        }
    }

    @Test
    void shouldSkipChangeWhenPartitionEpochMovedOn() throws Exception {
        TopicInfo topic = store.createTopic(new NewTopic("cas-" + UUID.randomUUID(), 2, Map.of(), List.of(List.of(1, 2))));
        PartitionInfo p = topic.partition(0);
        try (ControllerSession session = session()) {
            assertTrue(session.tryAcquire());
            long epoch = session.elect(1);
            PartitionChange outdated = new PartitionChange(topic.topicId(), topic.name(), 0, p.partitionEpoch() - 1, 2,
                    List.of(2), p.leaderEpoch() + 1, p.partitionEpoch());

            assertTrue(controllerStore.applyPartitionChanges(epoch, List.of(outdated)).isEmpty());
            assertEquals(p, partition(topic.name()));
        }
    }

    @Test
    void shouldWriteReassignmentOnceAndSyncReplicationFactorWhenControllerCompletesIt() throws Exception {
        TopicInfo topic = store.createTopic(new NewTopic("reassign-" + UUID.randomUUID(), 1, Map.of(), List.of(List.of(1))));
        PartitionInfo p = topic.partition(0);
        ReassignmentStore reassignments = new ReassignmentStore(dataSource);
        ReplicaAssignment growing = new ReplicaAssignment(List.of(1, 2, 3), List.of(2, 3), List.of());
        PartitionChange start = new PartitionChange(topic.topicId(), topic.name(), 0, p.partitionEpoch(), 1, List.of(1),
                p.leaderEpoch(), p.partitionEpoch() + 1, Optional.of(growing));

        assertEquals(List.of(start), reassignments.apply(List.of(start)));
        assertTrue(reassignments.apply(List.of(start)).isEmpty(), "a write on the old partition epoch changes nothing");
        PartitionInfo moving = partition(topic.name());
        assertEquals(new PartitionInfo(0, List.of(1, 2, 3), List.of(1), 1, p.leaderEpoch(), p.partitionEpoch() + 1,
                List.of(2, 3), List.of()), moving);
        assertEquals(1, store.load(SESSION_TIMEOUT).topic(topic.name()).orElseThrow().replicationFactor(),
                "the topic's replication factor waits for the reassignment to complete");

        try (ControllerSession session = session()) {
            assertTrue(acquireWithin(session, Duration.ofSeconds(10)));
            long epoch = session.elect(1);
            PartitionChange complete = new PartitionChange(topic.topicId(), topic.name(), 0, moving.partitionEpoch(), 1,
                    List.of(1, 2, 3), moving.leaderEpoch(), moving.partitionEpoch() + 1,
                    Optional.of(ReplicaAssignment.settled(List.of(1, 2, 3))));

            assertThrows(StrataException.class, () -> controllerStore.applyPartitionChanges(epoch - 1, List.of(complete)));
            assertEquals(List.of(complete), controllerStore.applyPartitionChanges(epoch, List.of(complete)));
        }
        TopicInfo done = store.load(SESSION_TIMEOUT).topic(topic.name()).orElseThrow();
        assertEquals(3, done.replicationFactor());
        assertFalse(done.partition(0).reassigning());
        assertEquals(List.of(1, 2, 3), done.partition(0).replicas());
    }

    @Test
    void shouldRefuseNodeIdWhenItIsHeldByALiveIncarnationUntilItDeregisters() {
        BrokerInfo broker = new BrokerInfo(41, Optional.of("a"), "127.0.0.1", 9092, 8080, true);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        assertTrue(store.registerBrokerIfFree(broker, first, SESSION_TIMEOUT).isEmpty());
        Optional<LiveIncarnation> holder = store.registerBrokerIfFree(broker, second, SESSION_TIMEOUT);
        assertTrue(holder.isPresent());
        assertEquals(first, holder.get().incarnation());
        assertTrue(holder.get().describe().contains("127.0.0.1") && holder.get().describe().contains("9092"),
                holder.get().describe());
        assertFalse(store.heartbeat(41, second), "the refused incarnation owns nothing");

        store.deregister(41, first);
        assertTrue(store.registerBrokerIfFree(broker, second, SESSION_TIMEOUT).isEmpty());
        assertTrue(store.heartbeat(41, second));
        assertFalse(store.heartbeat(41, first));
    }

    @Test
    void shouldReportBrokerDeadAndShuttingDownWhenDeregistered() {
        BrokerInfo broker = new BrokerInfo(42, Optional.empty(), "127.0.0.1", 9093, 8081, true);
        UUID incarnation = UUID.randomUUID();
        store.registerBrokerIfFree(broker, incarnation, SESSION_TIMEOUT);
        assertTrue(liveness(42).eligibleLeader());

        assertTrue(store.markShuttingDown(42, incarnation));
        assertEquals(new BrokerLiveness(42, true, true), liveness(42));

        store.deregister(42, incarnation);
        assertFalse(liveness(42).alive());
        assertFalse(store.load(SESSION_TIMEOUT).broker(42).orElseThrow().alive());
    }

    private static BrokerLiveness liveness(int nodeId) {
        return controllerStore.brokerLiveness(SESSION_TIMEOUT).stream().filter(b -> b.nodeId() == nodeId).findFirst()
                .orElseThrow();
    }

    private static PartitionInfo partition(String topic) {
        return store.load(SESSION_TIMEOUT).topic(topic).orElseThrow().partition(0);
    }
}
