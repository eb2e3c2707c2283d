package io.strata.cluster;

import static io.strata.testing.Awaits.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.testing.AckedHistory;
import io.strata.testing.ClusterProcesses;
import io.strata.testing.ClusterTestSupport;
import io.strata.testing.MetadataHistory;
import io.strata.testing.NumberedProducer;
import io.strata.testing.PartitionRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL, which holds the cluster metadata and the committed consumer offsets, is stopped for
 * ten seconds under {@code acks=all} load and started again on the same data, while three real
 * broker processes keep running. Brokers keep serving with their last metadata meanwhile (the ISR
 * and leadership stay as they were), clients see retriable errors only, nothing acknowledged or
 * committed is lost, and the cluster recovers without a broker restart.
 *
 * <p>Waits are bounded polls for a condition, never assertions on durations.
 */
class MetadataOutageIT extends ClusterTestSupport {

    private static final Map<String, String> ENV = Map.of(
            "STRATA_METADATA_SESSION_TIMEOUT", "PT4S",
            "STRATA_REPLICATION_REPLICA_LAG_TIME_MAX", "PT5S");
    private static final String TOPIC = "outage";
    private static final String GROUP = "outage-group";
    private static final int PARTITIONS = 3;
    private static final long OUTAGE_MS = 10_000;

    @Test
    void shouldKeepAckedRecordsAndCommittedOffsetsAndRecoverWhenPostgresIsDownForTenSeconds() throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
        cluster.createTopic(TOPIC, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
        Map<Integer, PartitionRow> before = cluster.partitions(TOPIC);
        List<String> commitErrors = new ArrayList<>();
        long ackedDuringOutage;
        long recoveredMs;
        MetadataHistory history = MetadataHistory.start(cluster, TOPIC);
        NumberedProducer producer = NumberedProducer.start(cluster.bootstrap(), TOPIC, PARTITIONS, Map.of());
        try (history; producer; KafkaConsumer<String, String> consumer = consumer(); Admin admin = admin()) {
            awaitValue(producer::ackedCount, n -> n >= 300, "the producer gets acknowledgements");
            Map<TopicPartition, OffsetAndMetadata> committed = offsets(100);
            consumer.commitSync(committed, Duration.ofSeconds(30));

            cluster.stopDatabase();
            long downNanos = System.nanoTime();
            int ackedAtStop = producer.ackedCount();
            Thread.sleep(OUTAGE_MS / 2);
            // A commit while the offsets store is away: it may fail, but only retriably.
            Map<TopicPartition, OffsetAndMetadata> duringOutage = offsets(200);
            try {
                consumer.commitSync(duringOutage, Duration.ofSeconds(3));
                committed = duringOutage;
            } catch (KafkaException e) {
                commitErrors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                assertTrue(e instanceof RetriableException, "a commit during the outage fails retriably: " + e);
            }
            Thread.sleep(Math.max(0, OUTAGE_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downNanos)));
            ackedDuringOutage = producer.ackedCount() - ackedAtStop;
            cluster.startDatabase();
            long upNanos = System.nanoTime();

            Map<TopicPartition, OffsetAndMetadata> expected = committed;
            awaitValue(() -> committedOffsets(admin), expected::equals, "the committed offsets survive the outage");
            Map<TopicPartition, OffsetAndMetadata> after = offsets(300);
            awaitValue(() -> tryCommit(consumer, after), ok -> ok, "offsets can be committed again");
            awaitValue(this::liveBrokers, n -> n == 3, "every broker heartbeats again");
            recoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upNanos);
            int ackedNow = producer.ackedCount();
            awaitValue(producer::ackedCount, n -> n >= ackedNow + 300, "acknowledgements continue after the outage");
            producer.stop();
            assertEquals(after, committedOffsets(admin));
        }
        Map<Integer, PartitionRow> healed = awaitValue(() -> cluster.partitions(TOPIC),
                rows -> rows.values().stream().allMatch(r -> r.isr().size() == 3), "every ISR is full");
        for (int p = 0; p < PARTITIONS; p++) {
            assertEquals(before.get(p).leader(), healed.get(p).leader(), "leadership stays put: " + before + " -> " + healed);
            assertEquals(before.get(p).leaderEpoch(), healed.get(p).leaderEpoch(), "no election: " + before + " -> " + healed);
        }
        assertEquals(List.of(), producer.nonRetriableErrors(), "producers see retriable errors only");
        assertEquals(List.of(), history.violations());
        assertTrue(ackedDuringOutage > 0, "brokers keep acknowledging with their last metadata while PostgreSQL is away");
        int readBack = AckedHistory.verify(producer.acked(), AckedHistory.readAll(cluster.bootstrap(), TOPIC, PARTITIONS));
        System.out.printf("%s MetadataOutageIT outageMs=%d sent=%d acknowledged=%d ackedDuringOutage=%d failed=%d "
                + "readBack=%d recoveredMs=%d commitErrorsDuringOutage=%s%n", ReplicationIT.FIGURES, OUTAGE_MS,
                producer.sent(), producer.ackedCount(), ackedDuringOutage, producer.failed(), readBack, recoveredMs,
                commitErrors);
        for (var b : cluster.brokers().values()) {
            assertTrue(b.isAlive(), "no broker died of the outage");
        }
    }

    /** Offsets to commit for every partition: made-up positions, so no consumption is needed. */
    private static Map<TopicPartition, OffsetAndMetadata> offsets(long offset) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            out.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(offset + p));
        }
        return out;
    }

    private static boolean tryCommit(KafkaConsumer<String, String> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(5));
            return true;
        } catch (RetriableException e) {
            return false;
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(Admin admin) {
        try {
            Map<TopicPartition, OffsetAndMetadata> all = new HashMap<>(admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS));
            all.replaceAll((tp, o) -> new OffsetAndMetadata(o.offset())); // compare offsets, not leader epochs
            return all;
        } catch (Exception e) {
            return Map.of(); // retried by the caller's poll
        }
    }

    private int liveBrokers() throws Exception {
        try (var c = cluster.connect(); var s = c.createStatement(); var rs = s.executeQuery(
                "SELECT count(*) FROM brokers WHERE last_heartbeat > now() - interval '2 seconds'")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            return 0; // PostgreSQL still starting
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap()));
    }
}
