package io.strata.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthAndMetricsTest {

    @Test
    void shouldReportLiveStartedAndReadyWhenBrokerIsServing() {
        given().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP")).body("checks.name", hasItem("event-loop"));
        given().get("/q/health/started").then().statusCode(200)
                .body("status", equalTo("UP")).body("checks.name", hasItem("broker-started"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("broker-serving"))
                .body("checks.name", hasItem("metadata-store"));
    }

    @Test
    void shouldCountRecordsAndBytesPerTopicWhenRecordsAreProducedAndRead() {
        String cluster = given().get("/v3/clusters").then().extract().jsonPath().getString("data[0].cluster_id");
        given().contentType(ContentType.JSON)
                .body(Map.of("topic_name", "metered", "partitions_count", 1, "replication_factor", 1))
                .post("/v3/clusters/" + cluster + "/topics").then().statusCode(201);
        List<Map<String, Object>> entries = List.of(
                Map.of("id", "1", "value", Map.of("type", "STRING", "data", "one")),
                Map.of("id", "2", "value", Map.of("type", "STRING", "data", "two")),
                Map.of("id", "3", "value", Map.of("type", "STRING", "data", "three")));
        given().contentType(ContentType.JSON).body(Map.of("entries", entries))
                .post("/v3/clusters/" + cluster + "/topics/metered/records:batch").then().statusCode(207);
        given().queryParam("offset", 0).get("/v3/clusters/" + cluster + "/topics/metered/partitions/0/records")
                .then().statusCode(200);

        String metrics = given().get("/q/metrics").then().statusCode(200)
                .body(containsString("strata_produce_latency_seconds_bucket"))
                .extract().asString();
        assertTrue(counter(metrics, "strata_topic_records_in_total", "metered") == 3.0, metrics);
        assertTrue(counter(metrics, "strata_topic_records_out_total", "metered") == 3.0, metrics);
        assertTrue(counter(metrics, "strata_topic_bytes_in_bytes_total", "metered") > 0, metrics);
    }

    private static double counter(String metrics, String name, String topic) {
        Matcher m = Pattern.compile("^" + name + "\\{[^}]*topic=\"" + topic + "\"[^}]*} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
