package io.strata.http;

import static io.restassured.RestAssured.given;
import static io.strata.http.ApiTestSupport.b64;
import static io.strata.http.ApiTestSupport.clusterId;
import static io.strata.http.ApiTestSupport.createTopic;
import static io.strata.http.ApiTestSupport.produce;
import static io.strata.http.ApiTestSupport.readAll;
import static io.strata.http.ApiTestSupport.topicUrl;
import static io.strata.http.ApiTestSupport.unb64;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProduceApiTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void shouldStoreIdenticalBytesWhenABinaryRecordWithHeadersAndTimestampIsProduced() {
        String topic = createTopic("bin", 1);
        byte[] key = new byte[] {0, 1, 2, (byte) 0xff, (byte) 0x80};
        byte[] value = new byte[300];
        new Random(7).nextBytes(value);
        byte[] header = new byte[] {9, 8, 7};
        JsonPath report = produce(topic, """
                {"partition_id": 0,
                 "headers": [{"name": "trace", "value": "%s"}, {"name": "empty", "value": null}],
                 "key": {"type": "BINARY", "data": "%s"},
                 "value": {"type": "BINARY", "data": "%s"},
                 "timestamp": "2024-01-02T03:04:05.678Z"}
                """.formatted(b64(header), b64(key), b64(value)));
        assertEquals(200, report.getInt("error_code"));
        assertEquals(clusterId(), report.getString("cluster_id"));
        assertEquals(topic, report.getString("topic_name"));
        assertEquals(0, report.getInt("partition_id"));
        assertEquals(0L, report.getLong("offset"));
        assertEquals("2024-01-02T03:04:05.678Z", report.getString("timestamp"));
        assertEquals("BINARY", report.getString("key.type"));
        assertEquals(5, report.getInt("key.size"));
        assertEquals(300, report.getInt("value.size"));

        List<Map<String, Object>> records = readAll(topic, 0);
        assertEquals(1, records.size());
        Map<String, Object> r = records.get(0);
        assertEquals(0, ((Number) r.get("offset")).intValue());
        assertEquals("2024-01-02T03:04:05.678Z", r.get("timestamp"));
        assertArrayEquals(key, unb64(((Map<?, ?>) r.get("key")).get("data")));
        assertArrayEquals(value, unb64(((Map<?, ?>) r.get("value")).get("data")));
        List<Map<String, Object>> headers = castList(r.get("headers"));
        assertEquals("trace", headers.get(0).get("name"));
        assertArrayEquals(header, unb64(headers.get(0).get("value")));
        assertEquals("empty", headers.get(1).get("name"));
        assertNull(headers.get(1).get("value"));
    }

    @Test
    void shouldStoreCompactUtf8WhenJsonAndStringRecordsAreProduced() {
        String topic = createTopic("json", 1);
        JsonPath json = produce(topic, """
                {"key": {"type": "STRING", "data": "clé-1"},
                 "value": {"type": "JSON", "data": {"a": [1, 2, {"b": null}],  "c": "ü"}},
                 "timestamp": 1700000000123}
                """);
        assertEquals("STRING", json.getString("key.type"));
        assertEquals("clé-1".getBytes(StandardCharsets.UTF_8).length, json.getInt("key.size"));
        assertEquals("JSON", json.getString("value.type"));
        assertEquals("2023-11-14T22:13:20.123Z", json.getString("timestamp"));
        produce(topic, "{\"value\": {\"type\": \"JSON\", \"data\": 42}}");
        produce(topic, "{\"value\": {\"data\": \"text\"}}");
        JsonPath nothing = produce(topic, "{}");
        assertNull(nothing.get("key"));
        assertNull(nothing.get("value"));

        List<Map<String, Object>> records = readAll(topic, 0);
        assertEquals(4, records.size());
        assertArrayEquals("clé-1".getBytes(StandardCharsets.UTF_8), unb64(((Map<?, ?>) records.get(0).get("key")).get("data")));
        assertEquals("{\"a\":[1,2,{\"b\":null}],\"c\":\"ü\"}",
                new String(unb64(((Map<?, ?>) records.get(0).get("value")).get("data")), StandardCharsets.UTF_8));
        assertEquals("2023-11-14T22:13:20.123Z", records.get(0).get("timestamp"));
        assertEquals("42", new String(unb64(((Map<?, ?>) records.get(1).get("value")).get("data")), StandardCharsets.UTF_8));
        assertEquals("\"text\"", new String(unb64(((Map<?, ?>) records.get(2).get("value")).get("data")), StandardCharsets.UTF_8));
        assertNull(records.get(3).get("key"));
        assertNull(records.get(3).get("value"));
    }

    @Test
    void shouldPlaceKeyedRecordsWhereKafkasPartitionerDoesWhenNoPartitionIsGiven() {
        int partitions = 6;
        String topic = createTopic("keyed", partitions);
        Map<Integer, Integer> expectedCounts = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            String key = "customer-" + i;
            int expected = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
            JsonPath report = produce(topic, "{\"key\": {\"type\": \"STRING\", \"data\": \"" + key
                    + "\"}, \"value\": {\"type\": \"STRING\", \"data\": \"v" + i + "\"}}");
            assertEquals(expected, report.getInt("partition_id"), key);
            expectedCounts.merge(expected, 1, Integer::sum);
        }
        for (int p = 0; p < partitions; p++) {
            assertEquals(expectedCounts.getOrDefault(p, 0), readAll(topic, p).size(), "partition " + p);
        }
    }

    @Test
    void shouldSpreadUnkeyedRecordsWhenNoPartitionIsGiven() {
        String topic = createTopic("spread", 3);
        for (int i = 0; i < 9; i++) {
            produce(topic, "{\"value\": {\"type\": \"STRING\", \"data\": \"v" + i + "\"}}");
        }
        for (int p = 0; p < 3; p++) {
            assertEquals(3, readAll(topic, p).size(), "partition " + p);
        }
    }

    @Test
    void shouldAnswer207WithSuccessesAndFailuresWhenABatchIsPartlyInvalid() {
        String topic = createTopic("batch", 2);
        String body = """
                {"entries": [
                  {"id": "a", "partition_id": 0, "value": {"type": "STRING", "data": "first"}},
                  {"id": "b", "partition_id": 0, "value": {"type": "BINARY", "data": "%%%%"}},
                  {"id": "c", "partition_id": 7, "value": {"type": "STRING", "data": "nowhere"}},
                  {"id": "d", "partition_id": 1, "key": {"type": "BINARY", "data": "%s"}, "value": {"type": "JSON", "data": [1]}},
                  {"id": "e", "partition_id": 0, "value": {"type": "STRING", "data": "second"}, "timestamp": "yesterday"},
                  {"id": "f", "partition_id": 0, "value": {"type": "STRING", "data": "third"}}
                ]}
                """.formatted(b64("k"));
        JsonPath result = given().contentType(ContentType.JSON).body(body).post(topicUrl(topic) + "/records:batch")
                .then().statusCode(207).extract().jsonPath();
        assertEquals(List.of("a", "d", "f"), result.getList("successes.id"));
        assertEquals(List.of(0, 1, 0), result.getList("successes.partition_id"));
        assertEquals(List.of(0, 0, 1), result.getList("successes.offset"));
        assertEquals(List.of(200, 200, 200), result.getList("successes.error_code"));
        assertEquals(List.of("b", "c", "e"), result.getList("failures.id"));
        assertEquals(List.of(400, 404, 400), result.getList("failures.error_code"));

        List<Map<String, Object>> p0 = readAll(topic, 0);
        assertEquals(List.of("first", "third"), p0.stream()
                .map(r -> new String(unb64(((Map<?, ?>) r.get("value")).get("data")), StandardCharsets.UTF_8)).toList());
        assertEquals(1, readAll(topic, 1).size());
    }

    @Test
    void shouldAcceptTheBatchPathWhetherTheColonIsEncodedOrNot() {
        String topic = createTopic("batch-colon", 1);
        String body = "{\"entries\": [{\"id\": \"1\", \"value\": {\"data\": 1}}]}";
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(body)
                .post(topicUrl(topic) + "/records:batch").then().statusCode(207).body("successes[0].offset", equalTo(0));
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(body)
                .post(topicUrl(topic) + "/records%3Abatch").then().statusCode(207).body("successes[0].offset", equalTo(1));
        assertEquals(2, readAll(topic, 0).size());
    }

    @Test
    void shouldRejectTheWholeBatchWhenIdsRepeatOrEntriesAreMissing() {
        String topic = createTopic("batch-bad", 1);
        given().contentType(ContentType.JSON)
                .body("{\"entries\": [{\"id\": \"x\", \"value\": {\"data\": 1}}, {\"id\": \"x\", \"value\": {\"data\": 2}}]}")
                .post(topicUrl(topic) + "/records:batch")
                .then().statusCode(400).body("error_code", equalTo(40002));
        given().contentType(ContentType.JSON).body("{\"entries\": []}").post(topicUrl(topic) + "/records:batch")
                .then().statusCode(400).body("error_code", equalTo(40002));
        given().contentType(ContentType.JSON).body("{\"entries\": [{\"value\": {\"data\": 1}}]}")
                .post(topicUrl(topic) + "/records:batch")
                .then().statusCode(400).body("error_code", equalTo(40002));
        assertEquals(0, readAll(topic, 0).size());
    }

    @Test
    void shouldProduceTenThousandEntriesWhenABatchIsAtTheLimit() {
        String topic = createTopic("batch-max", 4);
        StringBuilder body = new StringBuilder("{\"entries\": [");
        for (int i = 0; i < ProduceResource.MAX_BATCH_ENTRIES; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"key\":{\"type\":\"STRING\",\"data\":\"k")
                    .append(i).append("\"},\"value\":{\"type\":\"BINARY\",\"data\":\"").append(b64(new byte[100])).append("\"}}");
        }
        String tooMany = body + ",{\"id\":\"extra\",\"value\":{\"data\":1}}]}";
        body.append("]}");
        JsonPath result = given().contentType(ContentType.JSON).body(body.toString()).post(topicUrl(topic) + "/records:batch")
                .then().statusCode(207).extract().jsonPath();
        assertEquals(ProduceResource.MAX_BATCH_ENTRIES, result.getList("successes").size());
        assertEquals(0, result.getList("failures").size());
        given().contentType(ContentType.JSON).body(tooMany).post(topicUrl(topic) + "/records:batch")
                .then().statusCode(400).body("error_code", equalTo(40002));
        int total = 0;
        for (int p = 0; p < 4; p++) {
            total += readAll(topic, p).size();
        }
        assertEquals(ProduceResource.MAX_BATCH_ENTRIES, total);
    }

    @Test
    void shouldAnswerEachRecordInOrderWhenThreeRecordsAreStreamedInOneChunkedBody() throws Exception {
        String topic = createTopic("stream", 1);
        String body = "{\"partition_id\": 0, \"value\": {\"type\": \"STRING\", \"data\": \"one\"}}\n"
                + "{\"partition_id\": 0, \"value\": {\"type\": \"BINARY\", \"data\": \"not base64!\"}}\n"
                + "{\"partition_id\": 0, \"value\": {\"type\": \"STRING\", \"data\": \"three\"}}";
        HttpRequest request = HttpRequest.newBuilder(base.resolve(topicUrl(topic).substring(1) + "/records"))
                .header("Content-Type", "application/json")
                // An InputStream publisher has no length, so the body is sent chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        List<JsonPath> reports = response.body().lines().filter(l -> !l.isBlank()).map(JsonPath::from).toList();
        assertEquals(3, reports.size(), response.body());
        assertEquals(200, reports.get(0).getInt("error_code"));
        assertEquals(0L, reports.get(0).getLong("offset"));
        assertEquals(400, reports.get(1).getInt("error_code"));
        assertTrue(reports.get(1).getString("message").contains("base64"), reports.get(1).prettify());
        assertEquals(200, reports.get(2).getInt("error_code"));
        assertEquals(1L, reports.get(2).getLong("offset"));
        assertEquals(2, readAll(topic, 0).size());
    }

    @Test
    void shouldStreamWhenSeveralRecordsArriveInOneBodyWithALength() {
        String topic = createTopic("stream-len", 1);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            body.append("{\"value\": {\"type\": \"STRING\", \"data\": \"r").append(i).append("\"}}");
        }
        body.append("{\"value\": {\"type\": \"STRING\"}, \"bogus\": 1}");
        body.append("{\"value\": {\"type\": \"STRING\", \"data\": \"last\"}} {\"broken\": ");
        String answer = given().contentType(ContentType.JSON).body(body.toString()).post(topicUrl(topic) + "/records")
                .then().statusCode(200).extract().asString();
        List<JsonPath> reports = answer.lines().filter(l -> !l.isBlank()).map(JsonPath::from).toList();
        assertEquals(53, reports.size());
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            assertEquals(200, reports.get(i).getInt("error_code"));
            offsets.add(reports.get(i).getLong("offset"));
        }
        assertEquals(java.util.stream.LongStream.range(0, 50).boxed().toList(), offsets);
        assertEquals(400, reports.get(50).getInt("error_code"));
        assertTrue(reports.get(50).getString("message").contains("bogus"));
        assertEquals(50L, reports.get(51).getLong("offset"));
        assertEquals(400, reports.get(52).getInt("error_code"));
        assertEquals(51, readAll(topic, 0).size());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> castList(Object o) {
        return (List<Map<String, Object>>) o;
    }
}
