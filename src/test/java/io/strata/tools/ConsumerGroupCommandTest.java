package io.strata.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.kafka.KafkaServer;
import io.strata.kafka.KafkaTestSupport;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kafka's {@code kafka-consumer-groups.sh} ({@link ConsumerGroupCommand}) against the broker. */
@QuarkusTest
class ConsumerGroupCommandTest {

    /** Records produced to partitions 0, 1 and 2. */
    private static final int[] PRODUCED = {10, 20, 30};
    /** Offsets the group commits for partitions 0, 1 and 2. */
    private static final long[] COMMITTED = {4, 20, 0};

    @Inject
    KafkaServer server;

    private Admin admin;
    private String topic;
    private String group;

    @BeforeEach
    void setUp() throws Exception {
        admin = KafkaTestSupport.admin(server);
        topic = KafkaTestSupport.createTopic(admin, "cgc", PRODUCED.length);
        group = "cgc-group-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int p = 0; p < PRODUCED.length; p++) {
                for (int i = 0; i < PRODUCED[p]; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, ("v" + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    @Test
    void shouldListGroupWhenItHasCommittedOffsets() throws Exception {
        commitAndLeave();

        ToolRunner.Result result = groups("--list");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.outLines().contains(group), result::toString);
    }

    @Test
    void shouldShowLagAsLogEndMinusCommittedWhenDescribingEmptyGroup() throws Exception {
        commitAndLeave();

        ToolRunner.Result result = groups("--describe", "--group", group);

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("Consumer group '" + group + "' has no active members."), result::toString);
        Map<Integer, List<String>> rows = offsetRows(result);
        assertEquals(Set.of(0, 1, 2), rows.keySet(), result::toString);
        for (int p = 0; p < PRODUCED.length; p++) {
            List<String> row = rows.get(p);
            assertEquals(Long.toString(COMMITTED[p]), row.get(3), "CURRENT-OFFSET of partition " + p);
            assertEquals(Integer.toString(PRODUCED[p]), row.get(4), "LOG-END-OFFSET of partition " + p);
            assertEquals(Long.toString(PRODUCED[p] - COMMITTED[p]), row.get(5), "LAG of partition " + p);
            assertEquals("-", row.get(6), "no CONSUMER-ID in an empty group");
        }
    }

    @Test
    void shouldShowMemberAndAssignmentWhenDescribingStableGroup() throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = joinedConsumer()) {
            consumer.commitSync(committedOffsets());

            ToolRunner.Result offsets = groups("--describe", "--group", group);
            ToolRunner.Result members = groups("--describe", "--group", group, "--members");
            ToolRunner.Result state = groups("--describe", "--group", group, "--state");

            assertEquals(0, offsets.exitCode(), offsets::toString);
            Map<Integer, List<String>> rows = offsetRows(offsets);
            assertEquals(Set.of(0, 1, 2), rows.keySet(), offsets::toString);
            String memberId = rows.get(0).get(6);
            assertNotEquals("-", memberId, offsets::toString);
            for (int p = 0; p < PRODUCED.length; p++) {
                assertEquals(memberId, rows.get(p).get(6), "one member holds every partition");
                assertEquals(Long.toString(PRODUCED[p] - COMMITTED[p]), rows.get(p).get(5), "LAG of partition " + p);
            }
            assertTrue(members.outLines().stream().anyMatch(l -> l.startsWith(group) && l.contains(memberId)
                    && l.trim().matches(".*\\s3$")), members::toString);
            assertTrue(state.outLines().stream().anyMatch(l -> l.startsWith(group) && l.contains("Stable")
                    && l.contains("range")), state::toString);
        }
    }

    @Test
    void shouldRewindCommittedOffsetsWhenResetToEarliestExecutes() throws Exception {
        commitAndLeave();

        ToolRunner.Result result = groups("--reset-offsets", "--group", group, "--topic", topic, "--to-earliest", "--execute");

        assertEquals(0, result.exitCode(), result::toString);
        List<String> newOffsets = result.outLines().stream()
                .filter(l -> l.startsWith(group))
                .map(l -> l.trim().split("\\s+")[3])
                .toList();
        assertEquals(List.of("0", "0", "0"), newOffsets, result::toString);
        Map<TopicPartition, OffsetAndMetadata> stored =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        for (int p = 0; p < PRODUCED.length; p++) {
            assertEquals(0L, stored.get(new TopicPartition(topic, p)).offset(), "partition " + p);
        }
    }

    @Test
    void shouldLeaveOffsetsUntouchedWhenResetIsADryRun() throws Exception {
        commitAndLeave();

        ToolRunner.Result result = groups("--reset-offsets", "--group", group, "--topic", topic, "--to-earliest", "--dry-run");

        assertEquals(0, result.exitCode(), result::toString);
        Map<TopicPartition, OffsetAndMetadata> stored =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        assertEquals(COMMITTED[0], stored.get(new TopicPartition(topic, 0)).offset());
    }

    @Test
    void shouldRefuseResetWhenGroupHasActiveMembers() throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = joinedConsumer()) {
            consumer.commitSync(committedOffsets());

            ToolRunner.Result result = groups("--reset-offsets", "--group", group, "--topic", topic, "--to-earliest", "--execute");

            assertTrue((result.out() + result.err()).contains("inactive"), result::toString);
            Map<TopicPartition, OffsetAndMetadata> stored =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            assertEquals(COMMITTED[0], stored.get(new TopicPartition(topic, 0)).offset());
        }
    }

    @Test
    void shouldDropTopicOffsetsWhenDeleteOffsetsRuns() throws Exception {
        commitAndLeave();

        ToolRunner.Result result = groups("--delete-offsets", "--group", group, "--topic", topic);

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("Request succeeded for deleting offsets from group " + group + "."), result::toString);
        assertEquals(3, result.outLines().stream().filter(l -> l.startsWith(topic) && l.trim().endsWith("Successful")).count(),
                result::toString);
        assertTrue(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().isEmpty());
    }

    @Test
    void shouldRemoveGroupWhenDeleteRuns() throws Exception {
        commitAndLeave();

        ToolRunner.Result deleted = groups("--delete", "--group", group);
        ToolRunner.Result listed = groups("--list");

        assertEquals(0, deleted.exitCode(), deleted::toString);
        assertTrue(deleted.out().contains("Deletion of requested consumer groups ('" + group + "') was successful."),
                deleted::toString);
        assertFalse(listed.outLines().contains(group), listed::toString);
        assertTrue(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().isEmpty());
    }

    private ToolRunner.Result groups(String... args) throws Exception {
        return ToolRunner.inProcess(ConsumerGroupCommand::main, ToolRunner.withBootstrap(KafkaTestSupport.bootstrap(server), args));
    }

    /** A consumer that has joined the group and owns every partition (it is the only member). */
    private KafkaConsumer<byte[], byte[]> joinedConsumer() {
        KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1));
        consumer.subscribe(List.of(topic));
        // Bounded so a broken join fails the test instead of hanging it.
        for (int i = 0; i < 300 && consumer.assignment().size() < PRODUCED.length; i++) {
            consumer.poll(Duration.ofMillis(200));
        }
        assertEquals(PRODUCED.length, consumer.assignment().size(), "the sole member owns every partition");
        return consumer;
    }

    private void commitAndLeave() {
        try (KafkaConsumer<byte[], byte[]> consumer = joinedConsumer()) {
            consumer.commitSync(committedOffsets());
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int p = 0; p < COMMITTED.length; p++) {
            offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(COMMITTED[p]));
        }
        return offsets;
    }

    /**
     * Rows of the offsets table, by partition: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG
     * CONSUMER-ID HOST CLIENT-ID.
     */
    private Map<Integer, List<String>> offsetRows(ToolRunner.Result result) {
        Map<Integer, List<String>> rows = new HashMap<>();
        for (String line : result.outLines()) {
            List<String> cells = List.of(line.trim().split("\\s+"));
            if (cells.size() >= 7 && cells.get(0).equals(group) && cells.get(1).equals(topic)) {
                rows.put(Integer.parseInt(cells.get(2)), cells);
            }
        }
        return rows;
    }
}
