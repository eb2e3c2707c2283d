package io.strata.http;

import static io.restassured.RestAssured.given;
import static io.strata.http.ApiTestSupport.b64;
import static io.strata.http.ApiTestSupport.createTopic;
import static io.strata.http.ApiTestSupport.produce;
import static io.strata.http.ApiTestSupport.readAll;
import static io.strata.http.ApiTestSupport.topicUrl;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of malformed produce input gets its status and JSON error body, and leaves the records
 * acknowledged before it exactly as they were.
 */
@QuarkusTest
class MalformedInputApiTest {

    private String topic;
    private List<Map<String, Object>> before;
    private Object highWatermarkBefore;

    @BeforeEach
    void produceSomeRecords() {
        topic = createTopic("malformed", 2, Map.of("max.message.bytes", "2000"));
        for (int i = 0; i < 3; i++) {
            produce(topic, "{\"partition_id\": 0, \"key\": {\"type\": \"STRING\", \"data\": \"k" + i
                    + "\"}, \"value\": {\"type\": \"BINARY\", \"data\": \"" + b64(new byte[] {(byte) i, 1, 2}) + "\"}}");
        }
        before = readAll(topic, 0);
        assertEquals(3, before.size());
        highWatermarkBefore = given().get(topicUrl(topic) + "/partitions/0").then().extract().path("high_watermark");
        assertEquals(3, highWatermarkBefore);
    }

    @AfterEach
    void nothingAcknowledgedChanged() {
        assertEquals(before, readAll(topic, 0));
        assertEquals(0, readAll(topic, 1).size());
        given().get(topicUrl(topic) + "/partitions/0").then().body("high_watermark", equalTo(highWatermarkBefore))
                .body("log_end_offset", equalTo(highWatermarkBefore));
    }

    private ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body).post(topicUrl(topic) + "/records").then()
                .contentType("application/json").body("message", not(containsString("at io.")))
                .body("message", not(containsString("Exception")));
    }

    @Test
    void shouldAnswer400WhenTheJsonIsMalformed() {
        post("{\"partition_id\": 0, \"value\": {\"type\": \"STRING\", \"data\": \"x\"").statusCode(400)
                .body("error_code", equalTo(40002));
        post("{\"partition_id\": 0,, }").statusCode(400).body("error_code", equalTo(40002));
        post("[1, 2").statusCode(400).body("error_code", equalTo(40002));
    }

    @Test
    void shouldAnswer400WhenBase64IsInvalid() {
        post("{\"partition_id\": 0, \"value\": {\"type\": \"BINARY\", \"data\": \"@@not base64@@\"}}").statusCode(400)
                .body("error_code", equalTo(40002)).body("message", containsString("base64"));
        post("{\"partition_id\": 0, \"headers\": [{\"name\": \"h\", \"value\": \"***\"}]}").statusCode(400)
                .body("error_code", equalTo(40002)).body("message", containsString("base64"));
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenAFieldIsUnknown() {
        post("{\"partition_id\": 0, \"valeu\": {\"type\": \"STRING\", \"data\": \"x\"}}").statusCode(400)
                .body("error_code", equalTo(40002)).body("message", containsString("valeu"));
        post("{\"partition_id\": 0, \"value\": {\"type\": \"STRING\", \"data\": \"x\", \"schema_id\": 3}}").statusCode(400)
                .body("error_code", equalTo(40002)).body("message", containsString("schema_id"));
    }

    @Test
    void shouldAnswer400WhenTypeOrTimestampIsInvalid() {
        post("{\"partition_id\": 0, \"value\": {\"type\": \"AVRO\", \"data\": \"x\"}}").statusCode(400)
                .body("error_code", equalTo(40002)).body("message", containsString("AVRO"));
        post("{\"partition_id\": 0, \"value\": {\"type\": \"STRING\", \"data\": 5}}").statusCode(400)
                .body("error_code", equalTo(40002));
        post("{\"partition_id\": 0, \"timestamp\": \"tomorrow\"}").statusCode(400).body("error_code", equalTo(40002));
        post("{\"partition_id\": 0.5}").statusCode(400).body("error_code", equalTo(40002));
    }

    @Test
    void shouldAnswer415WhenTheContentTypeIsNotJson() {
        given().contentType(ContentType.TEXT).body("{\"partition_id\": 0}").post(topicUrl(topic) + "/records")
                .then().statusCode(415).contentType("application/json").body("error_code", equalTo(41501));
        given().contentType(ContentType.XML).body("<record/>").post(topicUrl(topic) + "/records:batch")
                .then().statusCode(415).body("error_code", equalTo(41501));
    }

    @Test
    void shouldAnswer422WhenTheBodyIsEmpty() {
        post("").statusCode(422).body("error_code", equalTo(42201));
        post("   \n ").statusCode(422).body("error_code", equalTo(42201));
        given().contentType(ContentType.JSON).body("").post(topicUrl(topic) + "/records:batch")
                .then().statusCode(422).body("error_code", equalTo(42201));
    }

    @Test
    void shouldAnswer413WhenARecordExceedsTheTopicsMaxMessageBytes() {
        post("{\"partition_id\": 0, \"value\": {\"type\": \"BINARY\", \"data\": \"" + b64(new byte[5000]) + "\"}}")
                .statusCode(413).body("error_code", equalTo(41301));
        given().contentType(ContentType.JSON)
                .body("{\"entries\": [{\"id\": \"big\", \"partition_id\": 0, \"value\": {\"type\": \"BINARY\", \"data\": \""
                        + b64(new byte[5000]) + "\"}}]}")
                .post(topicUrl(topic) + "/records:batch")
                .then().statusCode(207).body("failures[0].id", equalTo("big")).body("failures[0].error_code", equalTo(413));
    }

    @Test
    void shouldAnswer404WhenTheTopicOrPartitionIsUnknown() {
        given().contentType(ContentType.JSON).body("{\"value\": {\"data\": 1}}")
                .post(topicUrl("no-such-topic-produce") + "/records")
                .then().statusCode(404).body("error_code", equalTo(40403));
        post("{\"partition_id\": 2, \"value\": {\"data\": 1}}").statusCode(404).body("error_code", equalTo(40402));
        post("{\"partition_id\": -1, \"value\": {\"data\": 1}}").statusCode(404).body("error_code", equalTo(40402));
        given().get(topicUrl(topic) + "/partitions/9/records").then().statusCode(404).body("error_code", equalTo(40402));
        given().get(topicUrl("no-such-topic-read") + "/partitions/0/records").then().statusCode(404)
                .body("error_code", equalTo(40403));
    }
}
