package io.strata.broker;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.strata.testing.BrokerProcess;
import io.strata.testing.TempDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real broker process on its embedded PostgreSQL is killed with SIGKILL after acknowledging
 * 5,000 keyed records, then restarted: every acknowledged record must read back intact, at its
 * offset, on the partition Kafka's partitioner picks.
 */
class CrashRecoveryIT {

    private static final int PARTITIONS = 3;
    private static final int RECORDS = 5_000;

    private Path dataDir;
    private BrokerProcess broker;

    @BeforeEach
    void start() throws Exception {
        dataDir = Files.createTempDirectory("strata-crash-");
        broker = new BrokerProcess(dataDir, Map.of()).start();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            broker.close();
        } finally {
            TempDirs.deleteQuietly(dataDir);
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedRecordWhenBrokerIsKilledAndRestarted() throws Exception {
        String cluster = clusterId();
        given().baseUri(broker.httpUrl()).contentType(ContentType.JSON)
                .body(Map.of("topic_name", "crash", "partitions_count", PARTITIONS, "replication_factor", 1,
                        "configs", List.of(Map.of("name", "segment.bytes", "value", "65536"))))
                .post("/v3/clusters/" + cluster + "/topics")
                .then().statusCode(201);

        Map<Integer, Map<Long, String[]>> acknowledged = new HashMap<>();
        for (int start = 0; start < RECORDS; start += 500) {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (int i = start; i < start + 500; i++) {
                entries.add(Map.of("id", Integer.toString(i),
                        "key", Map.of("type", "STRING", "data", "key-" + (i % 97)),
                        "value", Map.of("type", "STRING", "data", "value-" + i + "-" + "x".repeat(i % 50))));
            }
            JsonPath reply = given().baseUri(broker.httpUrl()).contentType(ContentType.JSON)
                    .body(Map.of("entries", entries))
                    .post("/v3/clusters/" + cluster + "/topics/crash/records:batch")
                    .then().statusCode(207).extract().jsonPath();
            assertEquals(0, reply.getList("failures").size(), "no record may fail: " + reply.prettify());
            List<Map<String, Object>> successes = reply.getList("successes");
            assertEquals(500, successes.size());
            for (Map<String, Object> success : successes) {
                int i = Integer.parseInt((String) success.get("id"));
                int partition = ((Number) success.get("partition_id")).intValue();
                long offset = ((Number) success.get("offset")).longValue();
                String key = "key-" + (i % 97);
                assertEquals(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS, partition,
                        "record " + i + " must land where Kafka's default partitioner puts its key");
                String[] previous = acknowledged.computeIfAbsent(partition, p -> new HashMap<>())
                        .put(offset, new String[] {key, "value-" + i + "-" + "x".repeat(i % 50)});
                assertEquals(null, previous, "two records acknowledged at " + partition + "/" + offset);
            }
        }
        assertTrue(segmentFiles() > PARTITIONS, "segment.bytes=65536 must have rolled segments");

        long postmasterBefore = broker.postmasterPid().orElseThrow();
        broker.kill();
        broker.start();
        assertNotEquals(postmasterBefore, broker.postmasterPid().orElseThrow(),
                "the orphaned PostgreSQL must be replaced by a fresh one");

        int total = 0;
        for (int partition = 0; partition < PARTITIONS; partition++) {
            Map<Long, String[]> expected = acknowledged.getOrDefault(partition, Map.of());
            Map<Long, String[]> actual = readAll(cluster, partition);
            assertEquals(expected.keySet(), actual.keySet(), "offsets of partition " + partition);
            for (Map.Entry<Long, String[]> e : expected.entrySet()) {
                String[] got = actual.get(e.getKey());
                assertEquals(e.getValue()[0], got[0], "key at " + partition + "/" + e.getKey());
                assertEquals(e.getValue()[1], got[1], "value at " + partition + "/" + e.getKey());
            }
            total += actual.size();
        }
        assertEquals(RECORDS, total);

        long postmaster = broker.postmasterPid().orElseThrow();
        assertEquals(0, broker.stop(), "a clean shutdown exits 0");
        assertFalse(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
                "the embedded PostgreSQL stops with the broker");
    }

    private Map<Long, String[]> readAll(String cluster, int partition) {
        Map<Long, String[]> records = new HashMap<>();
        long next = 0;
        while (true) {
            JsonPath page = given().baseUri(broker.httpUrl())
                    .queryParam("offset", next).queryParam("max_records", 1000)
                    .get("/v3/clusters/" + cluster + "/topics/crash/partitions/" + partition + "/records")
                    .then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> data = page.getList("data");
            if (data.isEmpty()) {
                return records;
            }
            for (Map<String, Object> record : data) {
                long offset = ((Number) record.get("offset")).longValue();
                records.put(offset, new String[] {decode(record.get("key")), decode(record.get("value"))});
                next = offset + 1;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static String decode(Object field) {
        Map<String, Object> data = (Map<String, Object>) field;
        String text = (String) data.get("data");
        return "BINARY".equals(data.get("type"))
                ? new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8)
                : text;
    }

    private long segmentFiles() throws Exception {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")
                    && p.getParent().getFileName().toString().startsWith("crash-")).count();
        }
    }

    private String clusterId() {
        return given().baseUri(broker.httpUrl()).get("/v3/clusters").then().statusCode(200)
                .extract().jsonPath().getString("data[0].cluster_id");
    }
}
