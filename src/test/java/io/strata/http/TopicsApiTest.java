package io.strata.http;

import static io.restassured.RestAssured.given;
import static io.strata.http.ApiTestSupport.clusterId;
import static io.strata.http.ApiTestSupport.createTopic;
import static io.strata.http.ApiTestSupport.topicUrl;
import static io.strata.http.ApiTestSupport.topicsUrl;
import static io.strata.http.ApiTestSupport.uniqueTopic;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TopicsApiTest {

    @Test
    void shouldCreateListGetAndDeleteWhenTheTopicIsValid() {
        String name = uniqueTopic("orders");
        given().contentType(ContentType.JSON)
                .body(Map.of("topic_name", name, "partitions_count", 3, "replication_factor", 1))
                .post(topicsUrl())
                .then().statusCode(201)
                .header("Location", endsWith(topicUrl(name)))
                .body("kind", equalTo("KafkaTopic"))
                .body("cluster_id", equalTo(clusterId()))
                .body("topic_name", equalTo(name))
                .body("is_internal", equalTo(false))
                .body("partitions_count", equalTo(3))
                .body("replication_factor", equalTo(1))
                .body("metadata.self", endsWith(topicUrl(name)))
                .body("metadata.resource_name", equalTo("crn:///kafka=" + clusterId() + "/topic=" + name))
                .body("partitions.related", endsWith(topicUrl(name) + "/partitions"))
                .body("configs.related", endsWith(topicUrl(name) + "/configs"));

        given().get(topicsUrl()).then().statusCode(200)
                .body("kind", equalTo("KafkaTopicList"))
                .body("data.topic_name", hasItem(name));
        given().get(topicUrl(name)).then().statusCode(200)
                .body("topic_name", equalTo(name)).body("partitions_count", equalTo(3));

        given().delete(topicUrl(name)).then().statusCode(204);

        given().get(topicUrl(name)).then().statusCode(404).body("error_code", equalTo(40403));
        given().get(topicsUrl()).then().statusCode(200).body("data.topic_name", not(hasItem(name)));
        given().delete(topicUrl(name)).then().statusCode(404).body("error_code", equalTo(40403));
    }

    @Test
    void shouldUseDefaultsWhenCountsAreOmitted() {
        String name = uniqueTopic("defaults");
        given().contentType(ContentType.JSON).body(Map.of("topic_name", name)).post(topicsUrl())
                .then().statusCode(201).body("partitions_count", equalTo(1)).body("replication_factor", equalTo(1));
    }

    @Test
    void shouldCreateNothingWhenValidateOnly() {
        String name = uniqueTopic("dry");
        given().contentType(ContentType.JSON)
                .body(Map.of("topic_name", name, "partitions_count", 2, "validate_only", true))
                .post(topicsUrl())
                .then().statusCode(200).body("topic_name", equalTo(name)).body("partitions_count", equalTo(2));
        given().get(topicUrl(name)).then().statusCode(404).body("error_code", equalTo(40403));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", ".", "has space", "ünïcode"})
    void shouldRejectTheTopicWhenTheNameIsInvalid(String name) {
        given().contentType(ContentType.JSON).body(Map.of("topic_name", name, "partitions_count", 1))
                .post(topicsUrl())
                .then().statusCode(400).body("error_code", equalTo(40002));
        given().get(topicsUrl()).then().statusCode(200).body("data.topic_name", not(hasItem(name)));
    }

    @Test
    void shouldRejectTheTopicWhenTheNameIsLongerThan249Characters() {
        given().contentType(ContentType.JSON).body(Map.of("topic_name", "x".repeat(250))).post(topicsUrl())
                .then().statusCode(400).body("error_code", equalTo(40002)).body("message", containsString("249"));
        String longest = "y".repeat(249);
        given().contentType(ContentType.JSON).body(Map.of("topic_name", longest)).post(topicsUrl())
                .then().statusCode(201);
        given().delete(topicUrl(longest)).then().statusCode(204);
    }

    @Test
    void shouldRejectTheTopicWhenTheNameIsMissing() {
        given().contentType(ContentType.JSON).body(Map.of("partitions_count", 1)).post(topicsUrl())
                .then().statusCode(400).body("error_code", equalTo(40002)).body("message", containsString("topic_name"));
    }

    @Test
    void shouldAnswer400WhenTheTopicAlreadyExists() {
        String name = createTopic("dup", 2);
        given().contentType(ContentType.JSON).body(Map.of("topic_name", name, "partitions_count", 5)).post(topicsUrl())
                .then().statusCode(400).body("error_code", equalTo(40002)).body("message", containsString("already exists"));
        given().get(topicUrl(name)).then().statusCode(200).body("partitions_count", equalTo(2));
    }

    @Test
    void shouldExplainWhenTheReplicationFactorExceedsTheLiveBrokers() {
        String name = uniqueTopic("rf");
        given().contentType(ContentType.JSON).body(Map.of("topic_name", name, "replication_factor", 3)).post(topicsUrl())
                .then().statusCode(400).body("error_code", equalTo(40002))
                .body("message", containsString("Replication factor: 3 larger than available brokers: 1"));
        given().get(topicUrl(name)).then().statusCode(404);
    }

    @Test
    void shouldRejectTheTopicWhenThePartitionCountIsNotPositive() {
        given().contentType(ContentType.JSON).body(Map.of("topic_name", uniqueTopic("zero"), "partitions_count", 0))
                .post(topicsUrl()).then().statusCode(400).body("error_code", equalTo(40002));
    }

    @Test
    void shouldRejectTheTopicWhenAConfigIsInvalid() {
        String name = uniqueTopic("badcfg");
        given().contentType(ContentType.JSON)
                .body(Map.of("topic_name", name, "configs", java.util.List.of(Map.of("name", "retention.ms", "value", "soon"))))
                .post(topicsUrl())
                .then().statusCode(400).body("error_code", equalTo(40002));
        given().contentType(ContentType.JSON)
                .body(Map.of("topic_name", name, "configs", java.util.List.of(Map.of("name", "no.such.config", "value", "1"))))
                .post(topicsUrl())
                .then().statusCode(400).body("error_code", equalTo(40002));
        given().get(topicUrl(name)).then().statusCode(404);
    }

    @Test
    void shouldAddPartitionsWhenThePartitionCountIsPatchedUpwards() {
        String name = createTopic("grow", 2);
        given().contentType(ContentType.JSON).body(Map.of("partitions_count", 5)).patch(topicUrl(name))
                .then().statusCode(200).body("partitions_count", equalTo(5));
        given().get(topicUrl(name)).then().statusCode(200).body("partitions_count", equalTo(5));
        given().get(topicUrl(name) + "/partitions").then().statusCode(200).body("data.partition_id",
                equalTo(java.util.List.of(0, 1, 2, 3, 4)));
    }

    @Test
    void shouldRefuseToShrinkWhenThePartitionCountIsPatchedDownwards() {
        String name = createTopic("shrink", 3);
        given().contentType(ContentType.JSON).body(Map.of("partitions_count", 2)).patch(topicUrl(name))
                .then().statusCode(400).body("error_code", equalTo(40002));
        given().contentType(ContentType.JSON).body("{}").patch(topicUrl(name))
                .then().statusCode(400).body("message", containsString("partitions_count"));
        given().get(topicUrl(name)).then().body("partitions_count", equalTo(3));
        given().contentType(ContentType.JSON).body(Map.of("partitions_count", 4)).patch(topicUrl("missing-topic-x"))
                .then().statusCode(404).body("error_code", equalTo(40403));
    }

    @Test
    void shouldAnswer400WhenTheCreateBodyHasAnUnknownField() {
        String name = uniqueTopic("unknown-field");
        given().contentType(ContentType.JSON).body(Map.of("topic_name", name, "partition_count", 3)).post(topicsUrl())
                .then().statusCode(400).body("error_code", equalTo(40002))
                .body("message", containsString("partition_count"));
        given().get(topicUrl(name)).then().statusCode(404);
    }
}
