package io.strata.cluster;

import static io.strata.testing.Awaits.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.testing.AckedHistory;
import io.strata.testing.ClusterProcesses;
import io.strata.testing.ClusterTestSupport;
import io.strata.testing.NumberedProducer;
import io.strata.testing.PartitionRow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A follower that stops answering (SIGSTOP: its connections stay open but silent, as behind a
 * partition that drops packets) leaves the ISR through the leader's lag check, not through a
 * controller decision (its session outlasts the pause), while {@code acks=all} writes go on with
 * the two remaining replicas; resumed (SIGCONT), it catches up and rejoins, and nothing
 * acknowledged is lost.
 */
class IsrPauseIT extends ClusterTestSupport {

    /** The session outlasts the pause, so only the leader's lag check can remove the follower. */
    private static final Map<String, String> ENV = Map.of(
            "STRATA_METADATA_SESSION_TIMEOUT", "PT60S",
            "STRATA_REPLICATION_REPLICA_LAG_TIME_MAX", "PT5S");
    private static final String TOPIC = "paused";
    /** One partition: the paused broker must only follow, or its own partitions would stall the producer. */
    private static final int PARTITIONS = 1;

    @Test
    void shouldShrinkAndRegrowIsrWithoutLosingAckedRecordsWhenFollowerStopsAnswering() throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
        cluster.createTopic(TOPIC, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
        int controller = (int) cluster.controller()[1];
        PartitionRow before = cluster.partitions(TOPIC).get(0);
        int follower = before.replicas().stream().filter(n -> n != before.leader() && n != controller).findFirst()
                .orElseGet(() -> before.replicas().stream().filter(n -> n != before.leader()).findFirst().orElseThrow());

        NumberedProducer producer = NumberedProducer.start(cluster.bootstrap(), TOPIC, PARTITIONS, Map.of());
        long shrinkMs;
        long regrowMs;
        try (producer) {
            awaitValue(producer::ackedCount, n -> n >= 300, "the producer gets acknowledgements");
            long pausedNanos = System.nanoTime();
            cluster.broker(follower).pause(true);
            try {
                PartitionRow shrunk = awaitValue(() -> cluster.partitions(TOPIC).get(0), r -> !r.isr().contains(follower),
                        "the leader drops silent follower " + follower + " from the ISR");
                shrinkMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedNanos);
                assertEquals(before.leader(), shrunk.leader(), "the leader stays: " + shrunk);
                assertEquals(before.leaderEpoch(), shrunk.leaderEpoch(), "no election, only an ISR change: " + shrunk);
                int ackedNow = producer.ackedCount();
                awaitValue(producer::ackedCount, n -> n >= ackedNow + 300, "acks=all writes go on with two in-sync replicas");
            } finally {
                cluster.broker(follower).pause(false);
            }
            long resumedNanos = System.nanoTime();
            awaitValue(() -> cluster.partitions(TOPIC), rows -> rows.values().stream().allMatch(r -> r.isr().size() == 3),
                    "follower " + follower + " catches up and rejoins every ISR");
            regrowMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumedNanos);
            producer.stop();
        }
        assertEquals(List.of(), producer.nonRetriableErrors());
        int readBack = AckedHistory.verify(producer.acked(), AckedHistory.readAll(cluster.bootstrap(), TOPIC, PARTITIONS));
        assertTrue(readBack >= producer.ackedCount(), "everything acknowledged was read back");
        System.out.printf("%s IsrPauseIT follower=%d isrShrinkMs=%d isrRegrowMs=%d sent=%d acknowledged=%d readBack=%d%n",
                ReplicationIT.FIGURES, follower, shrinkMs, regrowMs, producer.sent(), producer.ackedCount(), readBack);
    }
}
