package io.strata.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.kafka.KafkaServer;
import io.strata.kafka.KafkaTestSupport;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.VerifiableConsumer;
import org.apache.kafka.tools.VerifiableProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka's system-test clients ({@link VerifiableProducer}, {@link VerifiableConsumer}) against the
 * broker. They end with {@code System.exit}, so each runs as a child JVM on the test classpath and
 * its JSON event stream is checked against what the broker stores.
 */
@QuarkusTest
class VerifiableToolsTest {

    private static final int PARTITIONS = 3;
    private static final int RECORDS = 3_000;
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void shouldAckEveryRecordAtDistinctOffsetsWhenVerifiableProducerRuns() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "verifiable-produce", PARTITIONS);

        ToolRunner.Result result = ToolRunner.childJvm(VerifiableProducer.class,
                "--bootstrap-server", KafkaTestSupport.bootstrap(server),
                "--topic", topic,
                "--max-messages", Integer.toString(RECORDS),
                "--acks", "-1");

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> events = events(result);
        List<JsonNode> acked = named(events, "producer_send_success");
        assertTrue(named(events, "producer_send_error").isEmpty(), result::toString);
        assertEquals(RECORDS, acked.size(), result::toString);
        Set<String> values = acked.stream().map(e -> e.get("value").asText()).collect(Collectors.toSet());
        assertEquals(IntStream.range(0, RECORDS).mapToObj(Integer::toString).collect(Collectors.toSet()), values);
        Map<Integer, Set<Long>> offsetsByPartition = new TreeMap<>();
        for (JsonNode e : acked) {
            assertTrue(offsetsByPartition.computeIfAbsent(e.get("partition").asInt(), p -> new HashSet<>())
                    .add(e.get("offset").asLong()), "offset acked twice: " + e);
        }
        Map<TopicPartition, Long> endOffsets = endOffsets(topic);
        for (int p = 0; p < PARTITIONS; p++) {
            Set<Long> offsets = offsetsByPartition.getOrDefault(p, Set.of());
            assertEquals((long) offsets.size(), endOffsets.get(new TopicPartition(topic, p)), "partition " + p);
            assertEquals(LongRange.of(offsets.size()), offsets, "partition " + p + " offsets are 0..n-1");
        }
        JsonNode toolData = named(events, "tool_data").get(0);
        assertEquals(RECORDS, toolData.get("sent").asInt());
        assertEquals(RECORDS, toolData.get("acked").asInt());
    }

    @Test
    void shouldConsumeAndCommitEveryRecordWhenVerifiableConsumerRunsInGroup() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "verifiable-consume", PARTITIONS);
        String group = "verifiable-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }

        ToolRunner.Result result = ToolRunner.childJvm(VerifiableConsumer.class,
                "--bootstrap-server", KafkaTestSupport.bootstrap(server),
                "--topic", topic,
                "--group-id", group,
                "--max-messages", Integer.toString(RECORDS),
                "--reset-policy", "earliest");

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> events = events(result);
        List<JsonNode> assigned = named(events, "partitions_assigned");
        assertFalse(assigned.isEmpty(), result::toString);
        assertEquals(PARTITIONS, assigned.get(0).get("partitions").size(), "the sole member owns every partition");
        // Each partition is read exactly once, in order: every batch starts where the previous one ended.
        Map<Integer, Long> nextOffset = new HashMap<>();
        long consumed = 0;
        for (JsonNode batch : named(events, "records_consumed")) {
            consumed += batch.get("count").asLong();
            for (JsonNode part : batch.get("partitions")) {
                int partition = part.get("partition").asInt();
                assertEquals(nextOffset.getOrDefault(partition, 0L), part.get("minOffset").asLong(), batch::toString);
                assertEquals(part.get("maxOffset").asLong() - part.get("minOffset").asLong() + 1, part.get("count").asLong());
                nextOffset.put(partition, part.get("maxOffset").asLong() + 1);
            }
        }
        assertEquals(RECORDS, consumed, result::toString);
        List<JsonNode> commits = named(events, "offsets_committed");
        assertFalse(commits.isEmpty(), result::toString);
        Map<Integer, Long> lastCommitted = new HashMap<>();
        for (JsonNode commit : commits) {
            assertTrue(commit.get("success").asBoolean(), commit::toString);
            for (JsonNode offset : commit.get("offsets")) {
                lastCommitted.put(offset.get("partition").asInt(), offset.get("offset").asLong());
            }
        }
        Map<TopicPartition, Long> endOffsets = endOffsets(topic);
        Map<TopicPartition, OffsetAndMetadata> stored = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        for (int p = 0; p < PARTITIONS; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            assertEquals(endOffsets.get(tp), lastCommitted.get(p), "last commit the tool reported for partition " + p);
            assertEquals(endOffsets.get(tp), stored.get(tp).offset(), "offset stored for partition " + p);
        }
        assertEquals(1, named(events, "shutdown_complete").size(), result::toString);
    }

    private static List<JsonNode> events(ToolRunner.Result result) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : result.outLines()) {
            if (line.startsWith("{")) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }

    private static List<JsonNode> named(List<JsonNode> events, String name) {
        return events.stream().filter(e -> name.equals(e.path("name").asText())).toList();
    }

    private Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> result = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> result.put(tp, info.offset()));
        return result;
    }

    private static final class LongRange {
        static Set<Long> of(int size) {
            return IntStream.range(0, size).mapToObj(i -> (long) i).collect(Collectors.toSet());
        }
    }
}
