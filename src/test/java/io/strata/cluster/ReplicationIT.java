package io.strata.cluster;

import static io.strata.testing.Awaits.awaitValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.testing.ClusterProcesses;
import io.strata.testing.PartitionRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replication under faults with three real broker processes sharing one PostgreSQL: an
 * {@code acks=all} producer sends numbered records to a replication-factor-3 topic with
 * {@code min.insync.replicas=2} while the leader of partition 0 is killed with SIGKILL and restarted
 * three times. Afterwards every acknowledged record must be in its partition exactly once, at the
 * offset it was acknowledged with, in producer order, and every ISR must be back to three brokers.
 *
 * <p>Waits are bounded polls for a condition (never assertions on how long something took).
 */
class ReplicationIT {

    private static final Map<String, String> ENV = Map.of(
            "STRATA_METADATA_SESSION_TIMEOUT", "PT4S",
            "STRATA_REPLICATION_REPLICA_LAG_TIME_MAX", "PT5S");
    private static final long WAIT_LIMIT_MS = io.strata.testing.Awaits.DEFAULT_LIMIT_MS;
    private static final int PARTITIONS = 3;
    private static final int KILLS = 3;
    private static final String TOPIC = "replicated";

    private ClusterProcesses cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** One acknowledged record: where the broker said it went. */
    record Acked(int partition, long offset, long number) {}

    @Test
    void shouldKeepEveryAcknowledgedRecordOnceAndInOrderWhenPartitionLeaderIsKilledRepeatedly() throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
        awaitValue(this::controllerNode, c -> c > 0, "a controller is elected");
        cluster.createTopic(TOPIC, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));

        ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> produce(acked, failed, producing), "replication-it-producer");
        producer.start();
        awaitValue(acked::size, n -> n >= 300, "the producer gets acknowledgements");

        List<Integer> victims = new ArrayList<>();
        for (int round = 0; round < KILLS; round++) {
            PartitionRow before = cluster.partitions(TOPIC).get(0);
            int victim = before.leader();
            victims.add(victim);
            cluster.broker(victim).kill();
            PartitionRow moved = awaitValue(() -> cluster.partitions(TOPIC).get(0), r -> r.leader() >= 0 && r.leader() != victim,
                    "partition 0 gets a new leader after broker " + victim + " is killed");
            assertTrue(moved.leaderEpoch() > before.leaderEpoch(), "a new leader has a new epoch: " + before + " -> " + moved);
            int ackedAfterFailover = acked.size();
            awaitValue(acked::size, n -> n >= ackedAfterFailover + 300, "acknowledgements continue with two brokers");
            cluster.broker(victim).start();
            awaitValue(() -> cluster.partitions(TOPIC).get(0), r -> r.isr().contains(victim),
                    "broker " + victim + " catches up and rejoins the ISR of partition 0");
        }

        producing.set(false);
        producer.join(TimeUnit.MINUTES.toMillis(3));
        assertTrue(!producer.isAlive(), "the producer finished");

        Map<Integer, PartitionRow> healed = awaitValue(() -> cluster.partitions(TOPIC),
                rows -> rows.values().stream().allMatch(r -> r.isr().size() == 3), "every ISR returns to three brokers");
        healed.values().forEach(r -> assertEquals(3, r.isr().size(), "ISR of " + r));

        Map<Integer, List<ConsumerRecord<String, String>>> read = readAll();
        Map<Long, List<String>> seen = new HashMap<>(); // record number -> where it was read
        for (var e : read.entrySet()) {
            long expectedOffset = -1;
            for (ConsumerRecord<String, String> r : e.getValue()) {
                assertTrue(r.offset() > expectedOffset, "offsets grow within partition " + e.getKey());
                expectedOffset = r.offset();
                seen.computeIfAbsent(Long.parseLong(r.value()), k -> new ArrayList<>()).add(e.getKey() + "@" + r.offset());
            }
        }
        Map<Integer, Map<Long, Long>> numberAtOffset = new HashMap<>();
        read.forEach((p, records) -> records.forEach(r -> numberAtOffset.computeIfAbsent(p, k -> new HashMap<>())
                .put(r.offset(), Long.parseLong(r.value()))));
        for (Acked a : acked) {
            assertEquals(Long.valueOf(a.number()), numberAtOffset.getOrDefault(a.partition(), Map.of()).get(a.offset()),
                    "acknowledged record " + a + " must be read back at its offset");
            assertEquals(1, seen.get(a.number()).size(), "record " + a.number() + " read more than once: " + seen.get(a.number()));
        }
        for (var e : read.entrySet()) {
            long previous = -1;
            for (ConsumerRecord<String, String> r : e.getValue()) {
                long number = Long.parseLong(r.value());
                assertTrue(number > previous, "producer order within partition " + e.getKey() + ": " + previous
                        + " then " + number + " at offset " + r.offset());
                previous = number;
            }
        }
        System.out.printf("ReplicationIT: %d acknowledged, %d failed, %d read back, leaders killed: %s%n", acked.size(),
                failed.get(), seen.size(), victims);
        assertNotEquals(0, acked.size());
    }

    private void produce(ConcurrentLinkedQueue<Acked> acked, AtomicLong failed, AtomicBoolean producing) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "200");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        Semaphore inFlight = new Semaphore(500);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (long n = 0; producing.get(); n++) {
                inFlight.acquire();
                long number = n;
                int partition = (int) (n % PARTITIONS);
                producer.send(new ProducerRecord<>(TOPIC, partition, null, Long.toString(number)), (metadata, error) -> {
                    inFlight.release();
                    if (error == null) {
                        acked.add(new Acked(metadata.partition(), metadata.offset(), number));
                    } else {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<Integer, List<ConsumerRecord<String, String>>> readAll() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<Integer, List<ConsumerRecord<String, String>>> out = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                tps.add(new TopicPartition(TOPIC, p));
                out.put(p, new ArrayList<>());
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_LIMIT_MS);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read up to the end offsets " + end);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    out.get(r.partition()).add(r);
                }
            }
        }
        return out;
    }

    // --- helpers ---


    private String bootstrap() {
        return cluster.brokers().values().stream().map(b -> "127.0.0.1:" + b.kafkaPort()).collect(Collectors.joining(","));
    }

    private int controllerNode() throws Exception {
        try (Connection c = cluster.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(node_id, -1) FROM controller"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

}
