package io.strata.http;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Helpers shared by the HTTP API tests: the cluster id, unique topics, produce and read calls. */
final class ApiTestSupport {

    private static String clusterId;

    private ApiTestSupport() {}

    static String clusterId() {
        if (clusterId == null) {
            clusterId = given().get("/v3/clusters").then().statusCode(200).extract().path("data[0].cluster_id");
        }
        return clusterId;
    }

    static String topicsUrl() {
        return "/v3/clusters/" + clusterId() + "/topics";
    }

    static String topicUrl(String topic) {
        return topicsUrl() + "/" + topic;
    }

    /** A topic name no other test uses (every test class shares one broker). */
    static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String createTopic(String prefix, int partitions, Map<String, String> configs) {
        String name = uniqueTopic(prefix);
        List<Map<String, String>> configList = configs.entrySet().stream()
                .map(e -> Map.of("name", e.getKey(), "value", e.getValue())).toList();
        given().contentType(ContentType.JSON)
                .body(Map.of("topic_name", name, "partitions_count", partitions, "replication_factor", 1,
                        "configs", configList))
                .post(topicsUrl())
                .then().statusCode(201);
        return name;
    }

    static String createTopic(String prefix, int partitions) {
        return createTopic(prefix, partitions, Map.of());
    }

    static JsonPath produce(String topic, String body) {
        return given().contentType(ContentType.JSON).body(body)
                .post(topicUrl(topic) + "/records")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Every committed record of a partition (formatted as base64 BINARY). */
    static List<Map<String, Object>> readAll(String topic, int partition) {
        return given().queryParam("offset", 0).queryParam("max_records", 10_000)
                .get(topicUrl(topic) + "/partitions/" + partition + "/records")
                .then().statusCode(200).extract().jsonPath().getList("data");
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String b64(String text) {
        return b64(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static byte[] unb64(Object text) {
        return Base64.getDecoder().decode((String) text);
    }
}
