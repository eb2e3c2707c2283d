package io.strata.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.group.GroupQueries;
import io.strata.group.OffsetManager;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Consumer groups with the real Java consumer and AdminClient (classic protocol) against the broker. */
@QuarkusTest
class ConsumerGroupTest {

    @Inject
    KafkaServer server;

    @Inject
    OffsetManager offsets;

    @Inject
    GroupQueries queries;

    @Inject
    DataSource dataSource;

    private Admin admin;
    private final List<GroupConsumerRunner> runners = new ArrayList<>();

    @BeforeEach
    void setUp() {
        admin = KafkaTestSupport.admin(server);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (GroupConsumerRunner r : runners) {
            r.close();
        }
        admin.close();
    }

    private GroupConsumerRunner run(String group, String topic, Map<String, Object> overrides, Queue<String> sink) {
        GroupConsumerRunner runner = new GroupConsumerRunner(server, group, topic, overrides, sink);
        runners.add(runner);
        return runner;
    }

    /** Produces {@code value-<first>..} round-robin over the partitions; returns the values. */
    private List<String> produce(String topic, int partitions, int first, int count) throws Exception {
        List<String> values = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of())) {
            for (int i = first; i < first + count; i++) {
                String value = "value-" + i;
                producer.send(new ProducerRecord<>(topic, i % partitions, null, value.getBytes(StandardCharsets.UTF_8)));
                values.add(value);
            }
            producer.flush();
        }
        return values;
    }

    private static void await(String what, BooleanSupplier condition, List<GroupConsumerRunner> runners) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (!condition.getAsBoolean()) {
            for (GroupConsumerRunner r : runners) {
                assertNull(r.failure(), () -> "consumer failed: " + r.failure());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static Set<TopicPartition> union(List<GroupConsumerRunner> runners) {
        Set<TopicPartition> all = new HashSet<>();
        runners.forEach(r -> all.addAll(r.assignment()));
        return all;
    }

    @Test
    void shouldResumeFromCommittedOffsetsWhenMemberSessionExpires() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "failover", 3);
        String group = KafkaTestSupport.uniqueTopic("failover-group");
        Queue<String> consumed = GroupConsumerRunner.newSink();
        List<GroupConsumerRunner> members = List.of(run(group, topic, Map.of(), consumed),
                run(group, topic, Map.of(), consumed), run(group, topic, Map.of(), consumed));
        await("three members with one partition each", () -> members.stream().allMatch(m -> m.assignment().size() == 1)
                && union(members).size() == 3, members);
        Set<String> produced = new HashSet<>(produce(topic, 3, 0, 90));
        await("the first 90 records", () -> consumed.containsAll(produced), members);

        GroupConsumerRunner victim = members.get(2);
        Set<TopicPartition> orphaned = victim.assignment();
        victim.kill();
        produced.addAll(produce(topic, 3, 90, 90));
        List<GroupConsumerRunner> survivors = members.subList(0, 2);
        await("the survivors to take over " + orphaned, () -> union(survivors).containsAll(orphaned), survivors);
        await("all 180 records", () -> consumed.containsAll(produced), survivors);

        assertEquals(produced, new HashSet<>(consumed), "exactly the produced values, none skipped");
    }

    @Test
    void shouldLeaveExtraMemberIdleWhenMembersOutnumberPartitions() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "idle-member", 2);
        String group = KafkaTestSupport.uniqueTopic("idle-group");
        Queue<String> consumed = GroupConsumerRunner.newSink();
        List<GroupConsumerRunner> members = List.of(run(group, topic, Map.of(), consumed),
                run(group, topic, Map.of(), consumed), run(group, topic, Map.of(), consumed));
        await("two partitions spread over three members", () -> union(members).size() == 2
                && members.stream().allMatch(m -> m.assignmentCount() > 0)
                && queries.describeGroup(group).map(d -> d.state() == io.strata.group.GroupState.STABLE
                        && d.members().size() == 3).orElse(false), members);

        Set<String> produced = new HashSet<>(produce(topic, 2, 0, 40));
        await("every record", () -> consumed.containsAll(produced), members);

        assertEquals(1, members.stream().filter(m -> m.assignment().isEmpty()).count(), "one member is idle");
        assertEquals(produced, new HashSet<>(consumed));
    }

    @Test
    void shouldConsumeIndependentlyWhenTwoGroupsReadSameTopic() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "two-groups", 2);
        String groupA = KafkaTestSupport.uniqueTopic("group-a");
        String groupB = KafkaTestSupport.uniqueTopic("group-b");
        Queue<String> consumedA = GroupConsumerRunner.newSink();
        Queue<String> consumedB = GroupConsumerRunner.newSink();
        GroupConsumerRunner a = run(groupA, topic, Map.of(), consumedA);
        GroupConsumerRunner b = run(groupB, topic, Map.of(), consumedB);
        await("both groups assigned", () -> a.assignment().size() == 2 && b.assignment().size() == 2, List.of(a, b));

        Set<String> produced = new HashSet<>(produce(topic, 2, 0, 60));
        await("both groups to read everything", () -> consumedA.containsAll(produced) && consumedB.containsAll(produced),
                List.of(a, b));
        a.close();
        produced.addAll(produce(topic, 2, 60, 20));
        await("group B alone to read the rest", () -> consumedB.containsAll(produced), List.of(b));

        Map<TopicPartition, OffsetAndMetadata> offsetsA = admin.listConsumerGroupOffsets(groupA).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetAndMetadata> offsetsB = admin.listConsumerGroupOffsets(groupB).partitionsToOffsetAndMetadata().get();
        assertEquals(60, offsetsA.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
        assertEquals(80, offsetsB.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
        assertFalse(consumedA.contains("value-60"), "group A was closed before these were produced");
        assertEquals(80, new HashSet<>(consumedB).size());
    }

    @Test
    void shouldKeepAssignmentWithoutRebalanceWhenStaticMemberRejoins() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "static", 2);
        String group = KafkaTestSupport.uniqueTopic("static-group");
        Queue<String> consumed = GroupConsumerRunner.newSink();
        GroupConsumerRunner one = run(group, topic, Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "static-1"), consumed);
        GroupConsumerRunner two = run(group, topic, Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "static-2"), consumed);
        await("both static members assigned", () -> one.assignment().size() == 1 && two.assignment().size() == 1, List.of(one, two));
        Set<TopicPartition> twosPartitions = two.assignment();
        int onesRebalances = one.assignmentCount();

        two.close(); // a static member does not leave the group on close
        GroupConsumerRunner twoAgain = run(group, topic, Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "static-2"), consumed);
        await("the restarted static member to be assigned", () -> !twoAgain.assignment().isEmpty(), List.of(one, twoAgain));

        assertEquals(twosPartitions, twoAgain.assignment(), "same partitions as before the restart");
        Set<String> produced = new HashSet<>(produce(topic, 2, 0, 20));
        await("both members to keep consuming", () -> consumed.containsAll(produced), List.of(one, twoAgain));
        assertEquals(onesRebalances, one.assignmentCount(), "the other member saw no rebalance");
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        assertEquals(Set.of("static-1", "static-2"), description.members().stream()
                .map(m -> m.groupInstanceId().orElse("?")).collect(Collectors.toSet()));
    }

    @Test
    void shouldReadOffsetsBackFromPostgresWhenTheCacheIsDropped() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "durable-offsets", 2);
        String group = KafkaTestSupport.uniqueTopic("durable-group");
        produce(topic, 2, 0, 10);
        Map<TopicPartition, OffsetAndMetadata> commit = Map.of(
                new TopicPartition(topic, 0), new OffsetAndMetadata(3, java.util.Optional.of(0), "checkpoint-a"),
                new TopicPartition(topic, 1), new OffsetAndMetadata(5, "checkpoint-b"));
        // A standalone consumer (assign, no subscription) commits with generation -1.
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) {
            consumer.assign(commit.keySet());
            consumer.commitSync(commit);
        }

        offsets.forgetCachedOffsets(); // what a broker restart does to the in-memory copy

        assertEquals(commit, admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT sum(committed_offset) FROM consumer_offsets WHERE group_id = ?")) {
            ps.setString(1, group);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(8, rs.getLong(1), "both offsets are rows in PostgreSQL");
            }
        }
        List<GroupQueries.PartitionLag> lags = queries.lags(group).orElseThrow();
        assertEquals(List.of(2L, 0L), lags.stream().map(GroupQueries.PartitionLag::lag).toList(), "log end 5 per partition");
    }

    @Test
    void shouldListDescribeAndDeleteGroupsWhenUsingAdminClient() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "admin-groups", 2);
        String group = KafkaTestSupport.uniqueTopic("admin-group");
        Queue<String> consumed = GroupConsumerRunner.newSink();
        GroupConsumerRunner member = run(group, topic, Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "admin-test-client"), consumed);
        await("the member assigned", () -> member.assignment().size() == 2, List.of(member));

        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        assertEquals(GroupState.STABLE, description.groupState());
        assertEquals("range", description.partitionAssignor());
        MemberDescription m = description.members().iterator().next();
        assertEquals("admin-test-client", m.clientId());
        assertTrue(m.host().contains("127.0.0.1"), m.host());
        assertEquals(Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)), m.assignment().topicPartitions());
        Set<String> stable = admin.listConsumerGroups(new ListConsumerGroupsOptions().inGroupStates(Set.of(GroupState.STABLE)))
                .all().get().stream().map(ConsumerGroupListing::groupId).collect(Collectors.toSet());
        assertTrue(stable.contains(group));
        GroupQueries.GroupDescription viaQueries = queries.describeGroup(group).orElseThrow();
        assertEquals(Set.of(new io.strata.common.TopicPartition(topic, 0), new io.strata.common.TopicPartition(topic, 1)),
                new HashSet<>(viaQueries.members().get(0).assignment()));
        ExecutionException notEmpty = assertThrows(ExecutionException.class, () -> admin.deleteConsumerGroups(List.of(group)).all().get());
        assertInstanceOf(GroupNotEmptyException.class, notEmpty.getCause());

        member.close(); // a dynamic member leaves on close
        await("the group to become empty", () -> queries.describeGroup(group).map(d -> d.state() == io.strata.group.GroupState.EMPTY)
                .orElse(false), List.of());
        Set<String> empty = admin.listConsumerGroups(new ListConsumerGroupsOptions().inGroupStates(Set.of(GroupState.EMPTY)))
                .all().get().stream().map(ConsumerGroupListing::groupId).collect(Collectors.toSet());
        assertTrue(empty.contains(group));
        admin.deleteConsumerGroups(List.of(group)).all().get();

        assertTrue(queries.describeGroup(group).isEmpty());
        assertTrue(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().isEmpty());
        ExecutionException gone = assertThrows(ExecutionException.class, () -> admin.deleteConsumerGroups(List.of(group)).all().get());
        assertInstanceOf(GroupIdNotFoundException.class, gone.getCause());
    }
}
