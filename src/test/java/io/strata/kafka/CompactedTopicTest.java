package io.strata.kafka;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.strata.broker.PartitionManager;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A compacted topic read from offset 0 after a cleaner pass, over the Kafka protocol and over HTTP:
 * the latest value of every key, offset gaps and all.
 */
@QuarkusTest
class CompactedTopicTest {

    private static final int KEYS = 20;
    private static final int UPDATES_PER_KEY = 50;

    @Inject
    KafkaServer server;

    @Inject
    PartitionManager partitions;

    @Test
    void shouldReadTheLatestValueOfEveryKeyWhenAConsumerReadsACompactedTopicFromTheStart() throws Exception {
        String topic = KafkaTestSupport.uniqueTopic("compacted");
        try (Admin admin = KafkaTestSupport.admin(server)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(
                    "cleanup.policy", "compact", "segment.bytes", "2048", "min.cleanable.dirty.ratio", "0.01"))))
                    .all().get();
        }
        Map<String, String> latest = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of("acks", "all", "linger.ms", 0))) {
            for (int u = 0; u < UPDATES_PER_KEY; u++) {
                for (int k = 0; k < KEYS; k++) {
                    String key = "key-" + k;
                    String value = "value-" + k + "-" + u;
                    producer.send(new ProducerRecord<>(topic, 0, bytes(key), bytes(value))).get();
                    latest.put(key, value);
                }
            }
        }
        int produced = KEYS * UPDATES_PER_KEY;
        assertTrue(partitions.logManager().cleanOnce().isPresent(), "the cleaner found the dirty log");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher bytesCleaned = java.util.regex.Pattern
                .compile("^strata_log_cleaner_bytes_cleaned_bytes_total (\\S+)$", java.util.regex.Pattern.MULTILINE)
                .matcher(metrics);
        assertTrue(bytesCleaned.find() && Double.parseDouble(bytesCleaned.group(1)) > 0, "bytes cleaned are exported");

        Map<String, String> overKafka = new HashMap<>();
        long previousOffset = -1;
        int read = 0;
        boolean gap = false;
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, Map.of())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    assertTrue(record.offset() > previousOffset, "offsets only grow");
                    gap |= record.offset() > previousOffset + 1;
                    previousOffset = record.offset();
                    overKafka.put(string(record.key()), string(record.value()));
                    read++;
                }
            }
            assertEquals(end, consumer.position(tp), "the consumer reached the end");
        }
        assertEquals(latest, overKafka, "every key's latest value, and only existing keys");
        assertTrue(read < produced, "cleaning removed superseded records: read " + read + " of " + produced);
        assertTrue(gap, "compaction leaves offset gaps that the consumer stepped over");

        String cluster = given().get("/v3/clusters").then().extract().jsonPath().getString("data[0].cluster_id");
        Map<String, String> overHttp = new HashMap<>();
        long next = 0;
        while (true) {
            JsonPath page = given().queryParam("offset", next).queryParam("max_records", 100).queryParam("format", "string")
                    .get("/v3/clusters/" + cluster + "/topics/" + topic + "/partitions/0/records")
                    .then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> data = page.getList("data");
            if (data.isEmpty()) {
                break;
            }
            for (Map<String, Object> record : data) {
                overHttp.put(text(record.get("key")), text(record.get("value")));
                next = ((Number) record.get("offset")).longValue() + 1;
            }
        }
        assertEquals(latest, overHttp);
    }

    @SuppressWarnings("unchecked")
    private static String text(Object field) {
        return (String) ((Map<String, Object>) field).get("data");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
