package io.strata.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.kafka.KafkaServer;
import io.strata.kafka.KafkaTestSupport;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.tools.TopicCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kafka's {@code kafka-topics.sh} ({@link TopicCommand}) against the broker. */
@QuarkusTest
class TopicCommandTest {

    private static final Pattern PARTITION_LINE = Pattern.compile(
            "Topic: (\\S+)\\s+Partition: (\\d+)\\s+Leader: (-?\\d+)\\s+Replicas: ([\\d,]+)\\s+Isr: ([\\d,]*).*");
    private static final Pattern SUMMARY_LINE = Pattern.compile(
            "Topic: (\\S+)\\s+TopicId: (\\S+)\\s+PartitionCount: (\\d+)\\s+ReplicationFactor: (\\d+)\\s+Configs:(.*)");

    @Inject
    KafkaServer server;

    private Admin admin;

    @BeforeEach
    void setUp() {
        admin = KafkaTestSupport.admin(server);
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    @Test
    void shouldCreateTopicWithRequestedPartitionsWhenCreateRuns() throws Exception {
        String topic = KafkaTestSupport.uniqueTopic("tc-create");

        ToolRunner.Result result = topics("--create", "--topic", topic, "--partitions", "3", "--replication-factor", "1");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("Created topic " + topic + "."), result::toString);
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        assertEquals(3, description.partitions().size());
    }

    @Test
    void shouldCreateTopicWithConfigOverrideWhenCreateRunsWithConfig() throws Exception {
        String topic = KafkaTestSupport.uniqueTopic("tc-config");

        ToolRunner.Result created = topics("--create", "--topic", topic, "--partitions", "1",
                "--config", "retention.ms=3600000", "--config", "cleanup.policy=compact");
        ToolRunner.Result described = topics("--describe", "--topic", topic);

        assertEquals(0, created.exitCode(), created::toString);
        Matcher summary = summaryOf(described, topic);
        assertTrue(summary.group(5).contains("retention.ms=3600000"), described::toString);
        assertTrue(summary.group(5).contains("cleanup.policy=compact"), described::toString);
    }

    @Test
    void shouldDescribeEveryPartitionWithLeaderAndReplicasWhenDescribeRuns() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "tc-describe", 4);
        String topicId = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId().toString();

        ToolRunner.Result result = topics("--describe", "--topic", topic);

        assertEquals(0, result.exitCode(), result::toString);
        Matcher summary = summaryOf(result, topic);
        assertEquals(topicId, summary.group(2));
        assertEquals("4", summary.group(3));
        assertEquals("1", summary.group(4));
        List<Matcher> partitions = partitionLines(result, topic);
        assertEquals(List.of("0", "1", "2", "3"), partitions.stream().map(m -> m.group(2)).toList(), result::toString);
        for (Matcher partition : partitions) {
            String leader = partition.group(3);
            assertFalse(leader.equals("-1") || leader.equals("none"), result::toString);
            assertEquals(leader, partition.group(4), "the sole replica leads");
            assertEquals(leader, partition.group(5), "the sole replica is in sync");
        }
    }

    @Test
    void shouldListCreatedTopicsWhenListRuns() throws Exception {
        String first = KafkaTestSupport.createTopic(admin, "tc-list", 1);
        String second = KafkaTestSupport.createTopic(admin, "tc-list", 2);

        ToolRunner.Result result = topics("--list");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.outLines().containsAll(Set.of(first, second)), result::toString);
    }

    @Test
    void shouldIncreasePartitionCountWhenAlterRuns() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "tc-alter", 2);

        ToolRunner.Result altered = topics("--alter", "--topic", topic, "--partitions", "5");
        ToolRunner.Result described = topics("--describe", "--topic", topic);

        assertEquals(0, altered.exitCode(), altered::toString);
        assertEquals("5", summaryOf(described, topic).group(3));
        assertEquals(5, partitionLines(described, topic).size(), described::toString);
        assertEquals(5, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size());
    }

    @Test
    void shouldRefuseToShrinkPartitionsWhenAlterAsksForFewer() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "tc-shrink", 3);

        ToolRunner.Result result = topics("--alter", "--topic", topic, "--partitions", "2");

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(3, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size());
    }

    @Test
    void shouldRemoveTopicWhenDeleteRuns() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "tc-delete", 2);

        ToolRunner.Result deleted = topics("--delete", "--topic", topic);
        ToolRunner.Result listed = topics("--list");

        assertEquals(0, deleted.exitCode(), deleted::toString);
        assertFalse(listed.outLines().contains(topic), listed::toString);
        assertFalse(admin.listTopics().names().get().contains(topic));
    }

    @Test
    void shouldFailWhenDescribingMissingTopic() throws Exception {
        ToolRunner.Result result = topics("--describe", "--topic", KafkaTestSupport.uniqueTopic("tc-missing"));

        assertEquals(1, result.exitCode(), result::toString);
        assertTrue((result.out() + result.err()).contains("does not exist"), result::toString);
    }

    private ToolRunner.Result topics(String... args) throws Exception {
        return ToolRunner.inProcess(TopicCommand::main, ToolRunner.withBootstrap(KafkaTestSupport.bootstrap(server), args));
    }

    private static Matcher summaryOf(ToolRunner.Result result, String topic) {
        for (String line : result.outLines()) {
            Matcher m = SUMMARY_LINE.matcher(line.trim());
            if (m.matches() && m.group(1).equals(topic)) {
                return m;
            }
        }
        throw new AssertionError("no summary line for " + topic + " in\n" + result);
    }

    private static List<Matcher> partitionLines(ToolRunner.Result result, String topic) {
        return result.outLines().stream()
                .map(line -> PARTITION_LINE.matcher(line.trim()))
                .filter(m -> m.matches() && m.group(1).equals(topic))
                .toList();
    }
}
