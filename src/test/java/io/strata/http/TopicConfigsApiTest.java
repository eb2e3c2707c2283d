package io.strata.http;

import static io.restassured.RestAssured.given;
import static io.strata.http.ApiTestSupport.createTopic;
import static io.strata.http.ApiTestSupport.topicUrl;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.endsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TopicConfigsApiTest {

    private static final String RETENTION_DEFAULT = "604800000";

    @Test
    void shouldListEveryTopicConfigWithSourceWhenSomeAreOverridden() {
        String topic = createTopic("cfg-list", 1, Map.of("retention.ms", "1000"));
        JsonPath configs = given().get(topicUrl(topic) + "/configs").then().statusCode(200)
                .body("kind", equalTo("KafkaTopicConfigList"))
                .body("data.name", hasItems("retention.ms", "cleanup.policy", "max.message.bytes", "segment.bytes"))
                .extract().jsonPath();
        assertConfig(configs, "retention.ms", "1000", false, "DYNAMIC_TOPIC_CONFIG");
        assertConfig(configs, "cleanup.policy", "delete", true, "DEFAULT_CONFIG");
        given().get(topicUrl(topic) + "/configs/retention.ms").then().statusCode(200)
                .body("kind", equalTo("KafkaTopicConfig"))
                .body("topic_name", equalTo(topic))
                .body("value", equalTo("1000"))
                .body("is_default", equalTo(false))
                .body("is_read_only", equalTo(false))
                .body("is_sensitive", equalTo(false))
                .body("source", equalTo("DYNAMIC_TOPIC_CONFIG"))
                .body("synonyms[0].source", equalTo("DYNAMIC_TOPIC_CONFIG"))
                .body("synonyms[0].value", equalTo("1000"))
                .body("synonyms[1].source", equalTo("DEFAULT_CONFIG"))
                .body("synonyms[1].value", equalTo(RETENTION_DEFAULT))
                .body("metadata.self", endsWith(topicUrl(topic) + "/configs/retention.ms"));
    }

    private static void assertConfig(JsonPath configs, String name, String value, boolean isDefault, String source) {
        Map<String, Object> c = configs.getMap("data.find { it.name == '" + name + "' }");
        org.junit.jupiter.api.Assertions.assertEquals(value, c.get("value"), name);
        org.junit.jupiter.api.Assertions.assertEquals(isDefault, c.get("is_default"), name);
        org.junit.jupiter.api.Assertions.assertEquals(source, c.get("source"), name);
    }

    @Test
    void shouldSetAndResetAConfigWhenPutAndDeleted() {
        String topic = createTopic("cfg-put", 1);
        String url = topicUrl(topic) + "/configs/retention.ms";
        given().get(url).then().statusCode(200).body("value", equalTo(RETENTION_DEFAULT)).body("is_default", equalTo(true));

        given().contentType(ContentType.JSON).body(Map.of("value", "3600000")).put(url).then().statusCode(204);
        given().get(url).then().statusCode(200).body("value", equalTo("3600000")).body("is_default", equalTo(false))
                .body("source", equalTo("DYNAMIC_TOPIC_CONFIG"));

        given().delete(url).then().statusCode(204);
        given().get(url).then().statusCode(200).body("value", equalTo(RETENTION_DEFAULT)).body("is_default", equalTo(true))
                .body("source", equalTo("DEFAULT_CONFIG"));
    }

    @Test
    void shouldAnswer400AndKeepTheValueWhenTheNewValueIsInvalid() {
        String topic = createTopic("cfg-bad", 1, Map.of("retention.ms", "5000"));
        String url = topicUrl(topic) + "/configs/retention.ms";
        given().contentType(ContentType.JSON).body(Map.of("value", "not-a-number")).put(url)
                .then().statusCode(400).body("error_code", equalTo(40002));
        given().contentType(ContentType.JSON).body(Map.of("value", "1")).put(topicUrl(topic) + "/configs/no.such.config")
                .then().statusCode(400).body("error_code", equalTo(40002));
        given().contentType(ContentType.JSON).body("{}").put(url).then().statusCode(400);
        given().get(url).then().statusCode(200).body("value", equalTo("5000"));
    }

    @Test
    void shouldApplyAllChangesWhenConfigsAreAlteredTogether() {
        String topic = createTopic("cfg-alter", 1, Map.of("retention.ms", "5000"));
        given().contentType(ContentType.JSON)
                .body(Map.of("data", List.of(
                        Map.of("name", "cleanup.policy", "value", "compact"),
                        Map.of("name", "retention.ms", "operation", "DELETE"))))
                .post(topicUrl(topic) + "/configs:alter")
                .then().statusCode(204);
        given().get(topicUrl(topic) + "/configs/cleanup.policy").then().body("value", equalTo("compact"));
        given().get(topicUrl(topic) + "/configs/retention.ms").then().body("value", equalTo(RETENTION_DEFAULT))
                .body("is_default", equalTo(true));
    }

    @Test
    void shouldApplyNothingWhenOneAlteredConfigIsInvalid() {
        String topic = createTopic("cfg-atomic", 1, Map.of("retention.ms", "5000"));
        given().contentType(ContentType.JSON)
                .body(Map.of("data", List.of(
                        Map.of("name", "retention.ms", "value", "7000", "operation", "SET"),
                        Map.of("name", "cleanup.policy", "value", "sometimes", "operation", "SET"))))
                .post(topicUrl(topic) + "/configs:alter")
                .then().statusCode(400).body("error_code", equalTo(40002));
        given().contentType(ContentType.JSON)
                .body(Map.of("data", List.of(
                        Map.of("name", "retention.ms", "value", "7000"),
                        Map.of("name", "cleanup.policy", "value", "compact", "operation", "MERGE"))))
                .post(topicUrl(topic) + "/configs:alter")
                .then().statusCode(400).body("message", containsString("MERGE"));
        given().get(topicUrl(topic) + "/configs/retention.ms").then().body("value", equalTo("5000"));
        given().get(topicUrl(topic) + "/configs/cleanup.policy").then().body("value", equalTo("delete"));
    }

    @Test
    void shouldAnswer404WhenTheConfigOrTopicIsUnknown() {
        String topic = createTopic("cfg-404", 1);
        given().get(topicUrl(topic) + "/configs/no.such.config").then().statusCode(404).body("error_code", equalTo(40401));
        given().get(topicUrl("no-such-topic-cfg") + "/configs").then().statusCode(404).body("error_code", equalTo(40403));
    }
}
