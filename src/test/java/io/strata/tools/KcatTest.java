package io.strata.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.broker.Partitioner;
import io.strata.kafka.KafkaServer;
import io.strata.kafka.KafkaTestSupport;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kcat, i.e. librdkafka: a second Kafka client implementation, independent of the Java one.
 * Skipped only when the {@code kcat} binary is missing (CI installs Debian's package).
 */
@QuarkusTest
class KcatTest {

    private static final int PARTITIONS = 4;
    private static final int RECORDS = 400;
    private static final int KEYS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String kcat;

    @Inject
    KafkaServer server;

    private Admin admin;

    @BeforeAll
    static void findKcat() {
        kcat = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> new File(dir, "kcat"))
                .filter(File::canExecute)
                .map(File::getAbsolutePath)
                .findFirst()
                .orElse(null);
        Assumptions.assumeTrue(kcat != null,
                "kcat is not installed (apt-get install -y kcat; .ci/run installs it): skipping the librdkafka tests");
    }

    @BeforeEach
    void setUp() {
        admin = KafkaTestSupport.admin(server);
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    @Test
    void shouldRoundTripEveryKeyAndValueWhenProducedAndConsumedWithKcat() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "kcat", PARTITIONS);
        List<String> produced = keyedLines();

        ToolRunner.Result produce = kcatProduce(topic, produced);
        ToolRunner.Result consume = kcat("-C", "-t", topic, "-o", "beginning", "-e", "-f", "%k:%s:%p:%o\\n");

        assertEquals(0, produce.exitCode(), produce::toString);
        assertEquals(0, consume.exitCode(), consume::toString);
        List<Consumed> records = parse(consume);
        assertEquals(RECORDS, records.size(), consume::toString);
        Map<Integer, List<Consumed>> byPartition = new HashMap<>();
        records.forEach(r -> byPartition.computeIfAbsent(r.partition, p -> new ArrayList<>()).add(r));
        for (List<Consumed> partition : byPartition.values()) {
            for (int i = 0; i < partition.size(); i++) {
                assertEquals(i, partition.get(i).offset, "offsets in a partition are 0..n-1");
            }
        }
        // Per partition the produce order holds, so per key the values come back in the order sent.
        for (int k = 0; k < KEYS; k++) {
            String key = "key-" + k;
            List<String> sent = produced.stream().filter(l -> l.startsWith(key + ":")).toList();
            List<String> got = records.stream().filter(r -> r.key.equals(key)).map(r -> r.key + ":" + r.value).toList();
            assertEquals(sent, got, "records of " + key);
        }
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void shouldRoundTripToJavaConsumerWhenKcatCompresses(String codec) throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "kcat-" + codec, 1);
        List<String> produced = keyedLines();

        ToolRunner.Result produce = ToolRunner.external(List.of(kcat, "-b", "127.0.0.1:" + server.boundPort(),
                "-P", "-t", topic, "-p", "0", "-K:", "-z", codec, "-X", "linger.ms=20"),
                String.join("\n", produced) + "\n", Map.of());
        ToolRunner.Result consume = kcat("-C", "-t", topic, "-o", "beginning", "-e", "-f", "%k:%s:%p:%o\\n");

        assertEquals(0, produce.exitCode(), produce::toString);
        assertEquals(produced, parse(consume).stream().map(r -> r.key + ":" + r.value).toList(), "kcat reads back");
        List<String> javaRead = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, Map.of())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            // Bounded so a broken fetch fails the test instead of hanging it.
            for (int i = 0; i < 100 && javaRead.size() < RECORDS; i++) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    javaRead.add(new String(r.key(), StandardCharsets.UTF_8) + ":" + new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(produced, javaRead, "the Java consumer decompresses librdkafka's batches");
    }

    @Test
    void shouldPlaceKeysWhereTheJavaClientDoesWhenKcatUsesMurmur2Partitioner() throws Exception {
        String kcatTopic = KafkaTestSupport.createTopic(admin, "kcat-keys", PARTITIONS);
        String javaTopic = KafkaTestSupport.createTopic(admin, "java-keys", PARTITIONS);
        List<String> lines = keyedLines();

        assertEquals(0, kcatProduce(kcatTopic, lines).exitCode());
        Map<String, Integer> javaPartition = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int k = 0; k < KEYS; k++) {
                String key = "key-" + k;
                javaPartition.put(key, producer.send(new ProducerRecord<>(javaTopic, bytes(key), bytes("x"))).get().partition());
            }
        }
        ToolRunner.Result consume = kcat("-C", "-t", kcatTopic, "-o", "beginning", "-e", "-f", "%k:%s:%p:%o\\n");

        List<Consumed> records = parse(consume);
        assertEquals(RECORDS, records.size(), consume::toString);
        for (Consumed r : records) {
            assertEquals(javaPartition.get(r.key), r.partition, "partition of " + r.key + " (Java client vs kcat)");
            assertEquals(Partitioner.partitionForKey(bytes(r.key), PARTITIONS), r.partition,
                    "partition of " + r.key + " (HTTP produce vs kcat)");
        }
    }

    @Test
    void shouldConsumeEverythingAndCommitWhenKcatRunsInConsumerGroup() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "kcat-group", PARTITIONS);
        String group = "kcat-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(0, kcatProduce(topic, keyedLines()).exitCode());

        ToolRunner.Result consume = kcat("-G", group, "-X", "auto.offset.reset=earliest",
                "-e", "-f", "%k:%s:%p:%o\\n", topic);

        assertEquals(0, consume.exitCode(), consume::toString);
        List<Consumed> records = parse(consume);
        assertEquals(RECORDS, records.size(), consume::toString);
        assertEquals(RECORDS, records.stream().map(r -> r.partition + "@" + r.offset).distinct().count(), "no record twice");
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        var endOffsets = admin.listOffsets(latest).all().get();
        for (TopicPartition tp : latest.keySet()) {
            long end = endOffsets.get(tp).offset();
            long stored = Optional.ofNullable(committed.get(tp)).map(OffsetAndMetadata::offset).orElse(0L);
            assertEquals(end, stored, "offset kcat's group committed for " + tp);
        }
    }

    @Test
    void shouldDescribeTopicPartitionsAndLeaderWhenKcatListsMetadata() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "kcat-meta", PARTITIONS);

        ToolRunner.Result result = kcat("-L", "-J", "-t", topic);

        assertEquals(0, result.exitCode(), result::toString);
        JsonNode metadata = JSON.readTree(result.out());
        JsonNode brokers = metadata.get("brokers");
        assertEquals(1, brokers.size(), result::toString);
        int brokerId = brokers.get(0).get("id").asInt();
        assertTrue(brokers.get(0).get("name").asText().endsWith(":" + server.boundPort()), result::toString);
        JsonNode described = metadata.get("topics").get(0);
        assertEquals(topic, described.get("topic").asText());
        assertEquals(PARTITIONS, described.get("partitions").size(), result::toString);
        for (JsonNode partition : described.get("partitions")) {
            assertEquals(brokerId, partition.get("leader").asInt(), result::toString);
        }
    }

    private static List<String> keyedLines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            lines.add("key-" + (i % KEYS) + ":value-" + i);
        }
        return lines;
    }

    /** Produces "key:value" lines; murmur2_random is librdkafka's name for the Java client's partitioner. */
    private ToolRunner.Result kcatProduce(String topic, List<String> lines) throws Exception {
        List<String> command = new ArrayList<>(List.of(kcat, "-b", "127.0.0.1:" + server.boundPort(),
                "-P", "-t", topic, "-K:", "-X", "partitioner=murmur2_random", "-X", "acks=all"));
        return ToolRunner.external(command, String.join("\n", lines) + "\n", Map.of());
    }

    private ToolRunner.Result kcat(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(kcat, "-b", "127.0.0.1:" + server.boundPort(), "-m", "30"));
        command.addAll(List.of(args));
        return ToolRunner.external(command, null, Map.of());
    }

    private record Consumed(String key, String value, int partition, long offset) {}

    private static List<Consumed> parse(ToolRunner.Result result) {
        List<Consumed> records = new ArrayList<>();
        for (String line : result.outLines()) {
            String[] parts = line.split(":");
            if (parts.length == 4) {
                records.add(new Consumed(parts[0], parts[1], Integer.parseInt(parts[2]), Long.parseLong(parts[3])));
            }
        }
        return records;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
