package io.strata.group;

import static io.restassured.RestAssured.given;
import static io.strata.testing.Awaits.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.strata.testing.ClusterProcesses;
import io.strata.testing.ClusterTestSupport;
import io.strata.testing.NumberedProducer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Three real broker processes: one consumer group whose coordinator is broker 1, with two consumers
 * bootstrapped to brokers 2 and 3. They must form one generation at the one coordinator and split
 * the partitions; after SIGKILL of the coordinator they rejoin at another broker, which loads the
 * committed offsets from PostgreSQL, so consumption resumes at the committed offsets. Committed
 * offsets are sampled from PostgreSQL throughout and must never go backwards. When the killed broker
 * returns, its slot moves back and the interim coordinator drops the group.
 *
 * <p>Waits are bounded polls for a condition (never assertions on how long something took).
 */
class GroupCoordinatorFailoverIT extends ClusterTestSupport {

    private static final Map<String, String> ENV = Map.of("STRATA_METADATA_SESSION_TIMEOUT", "PT4S");
    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 6;
    private static final int COORDINATOR = 1;

    /** One assignment a consumer received: its generation and when. */
    record Assigned(int generation, Set<Integer> partitions, long nanos) {}

    /** One consumed record. */
    record Consumed(int partition, long offset, long nanos) {}

    /** A classic-protocol consumer on its own thread that commits synchronously after each poll. */
    static final class GroupConsumer implements AutoCloseable {
        final ConcurrentLinkedQueue<Assigned> assignments = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Consumed> consumed = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        private final KafkaConsumer<String, String> consumer;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        GroupConsumer(String bootstrap, String groupId, String clientId) {
            Map<String, Object> config = Map.ofEntries(
                    Map.entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    Map.entry(ConsumerConfig.GROUP_ID_CONFIG, groupId),
                    Map.entry(ConsumerConfig.CLIENT_ID_CONFIG, clientId),
                    Map.entry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic"),
                    Map.entry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName()),
                    Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                    Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    Map.entry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000"),
                    Map.entry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000"),
                    Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200"));
            consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
            thread = new Thread(this::run, "group-consumer-" + clientId);
            thread.start();
        }

        private void run() {
            consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    Set<Integer> ids = new TreeSet<>();
                    partitions.forEach(tp -> ids.add(tp.partition()));
                    assignments.add(new Assigned(consumer.groupMetadata().generationId(), ids, System.nanoTime()));
                }
            });
            while (running.get()) {
                try {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        consumed.add(new Consumed(r.partition(), r.offset(), System.nanoTime()));
                    }
                    consumer.commitSync(Duration.ofSeconds(10));
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    // A rebalance or a coordinator move: at-least-once, the next poll carries on.
                    errors.add(e.getClass().getSimpleName());
                }
            }
            consumer.close(Duration.ofSeconds(5));
        }

        Assigned last() {
            Assigned last = null;
            for (Assigned a : assignments) {
                last = a;
            }
            return last;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            consumer.wakeup();
            thread.join(30_000);
        }
    }

    /** Samples the group's committed offsets in PostgreSQL and records every one that went backwards. */
    static final class CommittedOffsetsMonitor implements AutoCloseable {
        final ConcurrentLinkedQueue<String> regressions = new ConcurrentLinkedQueue<>();
        private final Map<Integer, Long> highest = new HashMap<>();
        private final ClusterProcesses cluster;
        private final String groupId;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        CommittedOffsetsMonitor(ClusterProcesses cluster, String groupId) {
            this.cluster = cluster;
            this.groupId = groupId;
            thread = new Thread(this::run, "committed-offsets-monitor");
            thread.start();
        }

        private void run() {
            while (running.get()) {
                try {
                    sample();
                    Thread.sleep(50);
                } catch (SQLException e) {
                    // PostgreSQL stays up in this test; a failed sample is simply skipped
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        synchronized Map<Integer, Long> sample() throws SQLException {
            Map<Integer, Long> now = committed(cluster, groupId);
            now.forEach((partition, offset) -> {
                Long before = highest.get(partition);
                if (before != null && offset < before) {
                    regressions.add("partition " + partition + ": " + before + " -> " + offset);
                }
                highest.merge(partition, offset, Math::max);
            });
            return now;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    static Map<Integer, Long> committed(ClusterProcesses cluster, String groupId) throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        try (Connection c = cluster.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT partition_id, committed_offset FROM consumer_offsets WHERE group_id = ? AND topic = ?")) {
            ps.setString(1, groupId);
            ps.setString(2, TOPIC);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** A group id that broker {@code owner} coordinates while brokers 1..3 are alive. */
    private static String groupCoordinatedBy(int owner) {
        for (int i = 0; ; i++) {
            String groupId = "failover-group-" + i;
            if (CoordinatorPlacement.ownerOf(CoordinatorPlacement.slotFor(groupId), List.of(1, 2, 3)) == owner) {
                return groupId;
            }
        }
    }

    /** Both consumers hold assignments from one generation that split every partition between them, taken after {@code sinceNanos}. */
    private static boolean splitInOneGeneration(GroupConsumer a, GroupConsumer b, long sinceNanos) {
        Assigned x = a.last();
        Assigned y = b.last();
        if (x == null || y == null || x.nanos() < sinceNanos || y.nanos() < sinceNanos || x.generation() != y.generation()
                || x.generation() < 0) {
            return false;
        }
        Set<Integer> union = new HashSet<>(x.partitions());
        union.addAll(y.partitions());
        return !x.partitions().isEmpty() && !y.partitions().isEmpty()
                && x.partitions().size() + y.partitions().size() == PARTITIONS && union.size() == PARTITIONS;
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"));
    }

    @Test
    void shouldSplitPartitionsAtOneCoordinatorAndResumeFromCommittedOffsetsWhenCoordinatorIsKilled() throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
        cluster.createTopic(TOPIC, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
        String groupId = groupCoordinatedBy(COORDINATOR);
        String viaBroker2 = "127.0.0.1:" + cluster.broker(2).kafkaPort();
        String viaBroker3 = "127.0.0.1:" + cluster.broker(3).kafkaPort();

        try (NumberedProducer producer = NumberedProducer.start(viaBroker2 + "," + viaBroker3, TOPIC, PARTITIONS, Map.of());
                CommittedOffsetsMonitor monitor = new CommittedOffsetsMonitor(cluster, groupId);
                GroupConsumer a = new GroupConsumer(viaBroker2, groupId, "consumer-a");
                GroupConsumer b = new GroupConsumer(viaBroker3, groupId, "consumer-b");
                Admin admin = admin(viaBroker2)) {
            awaitValue(() -> splitInOneGeneration(a, b, 0), ok -> ok,
                    "both consumers, bootstrapped to different brokers, split the partitions in one generation");
            ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(groupId)).describedGroups()
                    .get(groupId).get();
            assertEquals(COORDINATOR, described.coordinator().id(), "FindCoordinator names the one owner");
            assertEquals(2, described.members().size(), "one group with both members: " + described);
            String clusterId = given().baseUri(cluster.broker(3).httpUrl()).get("/v3/clusters").then().statusCode(200)
                    .extract().jsonPath().getString("data[0].cluster_id");
            for (int node : List.of(2, 3)) {
                JsonPath group = httpGroup(node, clusterId, groupId);
                assertEquals(2, group.getList("members").size(), "broker " + node + " describes the members it does not coordinate");
                assertTrue(group.getString("coordinator.related").endsWith("/brokers/" + COORDINATOR), group.prettify());
                assertEquals(PARTITIONS, given().baseUri(cluster.broker(node).httpUrl())
                        .get("/v3/clusters/" + clusterId + "/consumer-groups/" + groupId + "/lags").then().statusCode(200)
                        .extract().jsonPath().getList("data").size(), "lags of every partition, asked at broker " + node);
            }
            int listedMembers = given().baseUri(cluster.broker(3).httpUrl())
                    .get("/v3/clusters/" + clusterId + "/consumer-groups").then().statusCode(200).extract().jsonPath()
                    .getInt("data.find { it.consumer_group_id == '" + groupId + "' }.members.size()");
            assertEquals(2, listedMembers, "the listing at a broker that does not coordinate the group shows its members");

            awaitValue(producer::ackedCount, n -> n >= 1000, "the producer gets acknowledgements");
            awaitValue(() -> committed(cluster, groupId), c -> c.values().stream().mapToLong(Long::longValue).sum() >= 500,
                    "the consumers commit offsets");
            Map<Integer, Long> committedAtKill = monitor.sample();

            long killNanos = System.nanoTime();
            cluster.broker(COORDINATOR).kill();

            awaitValue(() -> splitInOneGeneration(a, b, killNanos), ok -> ok,
                    "both consumers rejoin at a new coordinator and split the partitions again", 90_000);
            long recoveredNanos = Math.max(a.last().nanos(), b.last().nanos());
            ConsumerGroupDescription after = awaitValue(
                    () -> admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId).get(),
                    d -> d.members().size() == 2, "the new coordinator describes both members");
            assertNotEquals(COORDINATOR, after.coordinator().id(), "the group moved off the killed broker");
            JsonPath movedGroup = awaitValue(() -> httpGroup(3, clusterId, groupId), g -> g.getList("members").size() == 2,
                    "broker 3 describes the group at its new coordinator");
            assertTrue(movedGroup.getString("coordinator.related").endsWith("/brokers/" + after.coordinator().id()),
                    movedGroup.prettify());

            int ackedAfterRecovery = producer.ackedCount();
            awaitValue(producer::ackedCount, n -> n >= ackedAfterRecovery + 1000, "the producer continues");
            producer.stop();

            Set<Long> consumedKeys = new HashSet<>();
            awaitValue(() -> {
                a.consumed.forEach(r -> consumedKeys.add(key(r.partition(), r.offset())));
                b.consumed.forEach(r -> consumedKeys.add(key(r.partition(), r.offset())));
                return producer.acked().stream().filter(r -> !consumedKeys.contains(key(r.partition(), r.offset()))).count();
            }, missing -> missing == 0, "every acknowledged record is consumed at least once", 90_000);

            List<String> rereadBelowCommit = new ArrayList<>();
            List<Consumed> all = new ArrayList<>(a.consumed);
            all.addAll(b.consumed);
            for (Consumed r : all) {
                Long committedOffset = committedAtKill.get(r.partition());
                if (r.nanos() > killNanos && committedOffset != null && r.offset() < committedOffset) {
                    rereadBelowCommit.add(r.partition() + "@" + r.offset() + " < " + committedOffset);
                }
            }
            assertTrue(rereadBelowCommit.isEmpty(),
                    "after the kill, consumption resumes at the committed offsets: " + rereadBelowCommit.subList(0,
                            Math.min(10, rereadBelowCommit.size())));
            monitor.sample();
            assertEquals(List.of(), List.copyOf(monitor.regressions), "committed offsets never go backwards");
            // The killed broker comes back: its slots return to it, so the interim coordinator must let go.
            int interim = after.coordinator().id();
            long restartNanos = System.nanoTime();
            cluster.broker(COORDINATOR).start();
            awaitValue(() -> splitInOneGeneration(a, b, restartNanos), ok -> ok,
                    "both consumers rejoin at the restarted broker and split the partitions again", 90_000);
            ConsumerGroupDescription back = awaitValue(
                    () -> admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId).get(),
                    d -> d.coordinator().id() == COORDINATOR && d.members().size() == 2, "the group is back at broker " + COORDINATOR);
            assertTrue(cluster.broker(interim).log().contains("changed owner; dropped 1 groups' membership here"),
                    "broker " + interim + " dropped the group it no longer coordinates");
            monitor.sample();
            assertEquals(List.of(), List.copyOf(monitor.regressions), "committed offsets never go backwards, also on the way back");
            all = new ArrayList<>(a.consumed);
            all.addAll(b.consumed);
            long duplicates = all.size() - all.stream().map(r -> key(r.partition(), r.offset())).distinct().count();
            System.out.printf("GroupCoordinatorFailoverIT: group %s recovered %d ms after SIGKILL of coordinator %d "
                    + "(new coordinator %d, back at %d after restart); %d records consumed, %d duplicates (at-least-once), "
                    + "client errors a=%s b=%s%n", groupId, (recoveredNanos - killNanos) / 1_000_000, COORDINATOR,
                    after.coordinator().id(), back.coordinator().id(), all.size(),
                    duplicates, new TreeSet<>(a.errors), new TreeSet<>(b.errors));
        }
    }

    private JsonPath httpGroup(int node, String clusterId, String groupId) {
        return given().baseUri(cluster.broker(node).httpUrl()).get("/v3/clusters/" + clusterId + "/consumer-groups/" + groupId)
                .then().statusCode(200).extract().jsonPath();
    }

    private static long key(int partition, long offset) {
        return (long) partition << 48 | offset;
    }
}
