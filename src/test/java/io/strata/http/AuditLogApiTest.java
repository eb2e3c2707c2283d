package io.strata.http;

import static io.restassured.RestAssured.given;
import static io.strata.http.ApiTestSupport.clusterId;
import static io.strata.http.ApiTestSupport.createTopic;
import static io.strata.http.ApiTestSupport.topicUrl;
import static io.strata.testing.Awaits.awaitValue;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Admin changes over HTTP land in the audit log, which reads back over HTTP with paging and filters. */
@QuarkusTest
class AuditLogApiTest {

    private static final long AWAIT_MS = 10_000;

    static String auditUrl() {
        return "/v3/clusters/" + clusterId() + "/audit-log";
    }

    /** The rows of one resource, newest first, once there are {@code count} of them (writes are asynchronous). */
    static List<Map<String, Object>> awaitRows(String resource, int count) throws Exception {
        return awaitValue(() -> given().queryParam("resource", resource).get(auditUrl())
                        .then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("data"),
                rows -> rows.size() >= count, count + " audit rows for " + resource, AWAIT_MS);
    }

    @Test
    void shouldRecordWhoChangedWhatWithBeforeAndAfterWhenTopicsAreChangedOverHttp() throws Exception {
        String topic = createTopic("audit-http", 1, Map.of("retention.ms", "1000"));
        given().contentType(ContentType.JSON).body(Map.of("value", "2000"))
                .put(topicUrl(topic) + "/configs/retention.ms").then().statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("partitions_count", 3))
                .patch(topicUrl(topic)).then().statusCode(200);
        given().delete(topicUrl(topic)).then().statusCode(204);

        List<Map<String, Object>> rows = awaitRows("TOPIC:" + topic, 4);

        assertEquals(List.of("http:DELETE topic", "http:PATCH topic", "http:PUT config", "http:POST topics"),
                rows.stream().map(r -> r.get("action")).toList());
        for (Map<String, Object> row : rows) {
            assertEquals("User:ANONYMOUS", row.get("principal"));
            assertEquals("127.0.0.1", row.get("client"));
            assertEquals("SUCCESS", row.get("outcome"));
            assertEquals("TOPIC:" + topic, row.get("resource"));
            assertEquals("StrataAuditLogEntry", row.get("kind"));
        }
        assertEquals(Map.of("retention.ms", "1000"), rows.get(2).get("before"));
        assertEquals(Map.of("retention.ms", "2000"), rows.get(2).get("after"));
        assertEquals(1, state(rows.get(1), "before").get("partitions_count"));
        assertEquals(3, state(rows.get(1), "after").get("partitions_count"));
        assertEquals(topic, state(rows.get(0), "before").get("name"));
        assertNull(rows.get(0).get("after"));
        assertNull(rows.get(3).get("before"));
        assertEquals(Map.of("retention.ms", "1000"), state(rows.get(3), "after").get("configs"));

        Number id = (Number) rows.get(2).get("id");
        given().get(auditUrl() + "/" + id).then().statusCode(200)
                .body("action", equalTo("http:PUT config")).body("after.'retention.ms'", equalTo("2000"));
    }

    @Test
    void shouldRecordFailureWithTheErrorWhenAnHttpChangeIsRefused() throws Exception {
        String topic = createTopic("audit-fail", 1);
        given().contentType(ContentType.JSON).body(Map.of("value", "not-a-number"))
                .put(topicUrl(topic) + "/configs/retention.ms").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("topic_name", topic, "partitions_count", 1))
                .post(ApiTestSupport.topicsUrl()).then().statusCode(400);

        List<Map<String, Object>> failures = awaitValue(() -> given().queryParam("resource", "TOPIC:" + topic)
                        .queryParam("outcome", "FAILURE").get(auditUrl()).then().statusCode(200)
                        .extract().jsonPath().<Map<String, Object>>getList("data"),
                rows -> rows.size() == 2, "two failures", AWAIT_MS);

        assertEquals("http:POST topics", failures.get(0).get("action"));
        assertEquals("TOPIC_ALREADY_EXISTS", state(failures.get(0), "after").get("error"));
        assertEquals("http:PUT config", failures.get(1).get("action"));
        assertEquals("INVALID_CONFIG", state(failures.get(1), "after").get("error"));
        assertEquals(Map.of(), failures.get(1).get("before"));
    }

    @Test
    void shouldReturnEveryRowExactlyOnceWhenPaging() throws Exception {
        String topic = createTopic("audit-page", 1);
        for (int i = 1; i <= 7; i++) {
            given().contentType(ContentType.JSON).body(Map.of("value", Integer.toString(1000 * i)))
                    .put(topicUrl(topic) + "/configs/retention.ms").then().statusCode(204);
        }
        List<Map<String, Object>> all = awaitRows("TOPIC:" + topic, 8);
        assertEquals(8, all.size());

        List<Long> paged = new ArrayList<>();
        String next = auditUrl() + "?page_size=3&resource=TOPIC:" + topic;
        int pages = 0;
        while (next != null) {
            JsonPath page = given().urlEncodingEnabled(false).get(next).then().statusCode(200).extract().jsonPath();
            page.getList("data.id", Long.class).forEach(paged::add);
            next = page.getString("metadata.next");
            pages++;
            assertTrue(pages <= 4, "paging ends");
        }

        assertEquals(3, pages);
        assertEquals(all.stream().map(r -> ((Number) r.get("id")).longValue()).toList(), paged);
        assertEquals(8, new HashSet<>(paged).size());
    }

    @Test
    void shouldFilterByPrincipalActionOutcomeAndTimeWhenAsked() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        String topic = createTopic("audit-filter", 1);
        given().contentType(ContentType.JSON).body(Map.of("value", "5000"))
                .put(topicUrl(topic) + "/configs/retention.ms").then().statusCode(204);
        awaitRows("TOPIC:" + topic, 2);

        assertEquals(1, count(Map.of("resource", "TOPIC:" + topic, "action", "http:PUT config")));
        assertEquals(2, count(Map.of("resource", "TOPIC:" + topic, "principal", "User:ANONYMOUS", "outcome", "success")));
        assertEquals(0, count(Map.of("resource", "TOPIC:" + topic, "principal", "User:nobody")));
        assertEquals(0, count(Map.of("resource", "TOPIC:" + topic, "outcome", "DENIED")));
        assertEquals(2, count(Map.of("resource", "TOPIC:audit-filter-", "from", start.toString())));
        assertEquals(0, count(Map.of("resource", "TOPIC:audit_filter"))); // LIKE wildcards are plain text
        assertEquals(0, count(Map.of("resource", "TOPIC:%")));
        assertEquals(0, count(Map.of("resource", "TOPIC:" + topic, "to", start.toString())));
        assertEquals(0, count(Map.of("resource", "TOPIC:" + topic, "from", Instant.now().plusSeconds(60).toString())));
    }

    @Test
    void shouldAnswer400WithConfluentBodyWhenAFilterIsBad() {
        for (Map<String, String> bad : List.of(Map.of("page_size", "0"), Map.of("page_size", "1001"),
                Map.of("page_size", "ten"), Map.of("before_id", "-4"), Map.of("outcome", "MAYBE"),
                Map.of("from", "yesterday"), Map.of("from", "2026-01-02T00:00:00Z", "to", "2026-01-01T00:00:00Z"))) {
            given().queryParams(bad).get(auditUrl()).then().statusCode(400)
                    .body("error_code", equalTo(40002));
        }
        given().get(auditUrl() + "/999999999999").then().statusCode(404).body("error_code", equalTo(40401));
    }

    @Test
    void shouldExposeAuditWriterMetricsWhenScraped() throws Exception {
        String topic = createTopic("audit-metrics", 1);
        awaitRows("TOPIC:" + topic, 1);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertTrue(metrics.contains("strata_audit_written_total"), "written counter");
        assertTrue(metrics.contains("strata_audit_dropped_total"), "dropped counter");
        assertTrue(metrics.contains("strata_audit_backlog"), "backlog gauge");
    }

    private static int count(Map<String, String> filters) {
        return given().queryParams(filters).get(auditUrl()).then().statusCode(200).extract().jsonPath().getList("data").size();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state(Map<String, Object> row, String field) {
        return (Map<String, Object>) row.get(field);
    }
}
