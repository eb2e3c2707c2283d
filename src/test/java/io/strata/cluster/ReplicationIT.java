package io.strata.cluster;

import static io.strata.testing.Awaits.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.testing.AckedHistory;
import io.strata.testing.ClusterProcesses;
import io.strata.testing.ClusterTestSupport;
import io.strata.testing.NumberedProducer;
import io.strata.testing.PartitionRow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Replication under faults with three real broker processes (racks a, b, c) sharing one PostgreSQL:
 * an {@code acks=all} idempotent producer sends numbered records to all six partitions of a
 * replication-factor-3 topic with {@code min.insync.replicas=2} while the leader of partition 0 is
 * killed with SIGKILL and restarted five times. Afterwards every acknowledged record must be in its
 * partition exactly once, at the offset it was acknowledged with, in producer order, and every ISR
 * must be back to three brokers.
 *
 * <p>The figures of the run are printed on lines starting with {@value #FIGURES} (grep the
 * failsafe report). Waits are bounded polls for a condition, never assertions on durations.
 */
class ReplicationIT extends ClusterTestSupport {

    static final String FIGURES = "FAULT-FIGURES";
    private static final Map<String, String> ENV = Map.of(
            "STRATA_METADATA_SESSION_TIMEOUT", "PT4S",
            // Generous: on a loaded 2-core machine an unthrottled producer can starve followers for
            // seconds, and a leader killed with an ISR of one would rightly take its partition offline.
            "STRATA_REPLICATION_REPLICA_LAG_TIME_MAX", "PT10S");
    private static final int PARTITIONS = 6;
    private static final int KILLS = 5;
    private static final String TOPIC = "replicated";

    /** How one kill of partition 0's leader went, in milliseconds from the SIGKILL. */
    record Recovery(int victim, long newLeaderMs, long writesResumedMs, long isrFullMs) {}

    @Test
    void shouldKeepEveryAcknowledgedRecordOnceAndInOrderWhenPartitionLeaderIsKilledRepeatedly() throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
        cluster.createTopic(TOPIC, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
        for (PartitionRow r : cluster.partitions(TOPIC).values()) {
            assertEquals(Set.of(1, 2, 3), new HashSet<>(r.replicas()), "one replica on each of racks a, b, c: " + r);
        }
        int initialEpoch = cluster.partitions(TOPIC).get(0).leaderEpoch();

        NumberedProducer producer = NumberedProducer.start(cluster.bootstrap(), TOPIC, PARTITIONS, Map.of());
        List<Recovery> recoveries = new ArrayList<>();
        try (producer) {
            awaitValue(producer::ackedCount, n -> n >= 300, "the producer gets acknowledgements");
            for (int round = 0; round < KILLS; round++) {
                recoveries.add(killLeaderOfPartitionZero(producer));
                int ackedNow = producer.ackedCount();
                awaitValue(producer::ackedCount, n -> n >= ackedNow + 200, "acknowledgements continue after round " + round);
            }
            producer.stop();
        }

        Map<Integer, PartitionRow> healed = awaitValue(() -> cluster.partitions(TOPIC),
                rows -> rows.values().stream().allMatch(r -> r.isr().size() == 3), "every ISR returns to three brokers");
        int readBack = AckedHistory.verify(producer.acked(), AckedHistory.readAll(cluster.bootstrap(), TOPIC, PARTITIONS));
        int failovers = (int) recoveries.stream().filter(r -> r.newLeaderMs() >= 0).count();
        int finalEpoch = healed.get(0).leaderEpoch();

        for (int i = 0; i < recoveries.size(); i++) {
            Recovery r = recoveries.get(i);
            System.out.printf("%s ReplicationIT kill=%d victim=%d newLeaderMs=%d writesResumedMs=%d isrFullMs=%d%n",
                    FIGURES, i + 1, r.victim(), r.newLeaderMs(), r.writesResumedMs(), r.isrFullMs());
        }
        System.out.printf("%s ReplicationIT summary sent=%d acknowledged=%d failed=%d readBack=%d failovers=%d "
                + "partition0LeaderEpoch=%d->%d%n", FIGURES, producer.sent(), producer.ackedCount(), producer.failed(),
                readBack, failovers, initialEpoch, finalEpoch);
        assertEquals(KILLS, failovers, "every kill moved the leadership of partition 0");
        assertTrue(finalEpoch >= initialEpoch + KILLS, "every failover bumped the leader epoch: " + initialEpoch + " -> " + finalEpoch);
        assertTrue(readBack >= producer.ackedCount(), "everything acknowledged was read back");
    }

    /** Kills partition 0's leader, waits for a new one that takes writes, restarts the victim and waits for a full ISR. */
    private Recovery killLeaderOfPartitionZero(NumberedProducer producer) throws Exception {
        // The scenario is a failover with in-sync replicas left; with an ISR of one it would be offline.
        PartitionRow before = awaitValue(() -> cluster.partitions(TOPIC).get(0), r -> r.isr().size() == 3,
                "partition 0 has a full ISR before its leader is killed");
        int victim = before.leader();
        long killedNanos = System.nanoTime();
        cluster.broker(victim).kill();
        PartitionRow moved = awaitValue(() -> cluster.partitions(TOPIC).get(0), r -> r.leader() >= 0 && r.leader() != victim,
                "partition 0 gets a new leader after broker " + victim + " is killed");
        long newLeaderMs = millisSince(killedNanos);
        assertTrue(moved.leaderEpoch() > before.leaderEpoch(), "a new leader has a new epoch: " + before + " -> " + moved);
        assertTrue(before.isr().contains(moved.leader()), "the new leader comes from the ISR: " + before + " -> " + moved);
        // The dead leader can answer nothing; a callback later than this margin comes from the new leader.
        long afterDeath = killedNanos + TimeUnit.MILLISECONDS.toNanos(200);
        long resumedNanos = awaitValue(() -> producer.firstAckNanos(0, afterDeath), t -> t.isPresent(),
                "partition 0 takes acks=all writes again").orElseThrow();
        cluster.broker(victim).start();
        awaitValue(() -> cluster.partitions(TOPIC).get(0), r -> r.isr().size() == 3,
                "broker " + victim + " catches up and rejoins the ISR of partition 0");
        return new Recovery(victim, newLeaderMs, TimeUnit.NANOSECONDS.toMillis(resumedNanos - killedNanos),
                millisSince(killedNanos));
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
