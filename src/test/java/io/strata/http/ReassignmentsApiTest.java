package io.strata.http;

import static io.restassured.RestAssured.given;
import static io.strata.http.ApiTestSupport.clusterId;
import static io.strata.http.ApiTestSupport.createTopic;
import static io.strata.http.ApiTestSupport.topicUrl;
import static io.strata.http.ApiTestSupport.topicsUrl;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reassignment and replication-factor endpoints on a single broker: reads, validation and error
 * answers (moving replicas needs several brokers: see the cluster ITs).
 */
@QuarkusTest
class ReassignmentsApiTest {

    @Test
    void shouldReportNoReassignmentWhenPartitionIsSettled() {
        String topic = createTopic("reassign-none", 2);

        given().get(topicUrl(topic) + "/partitions/0/reassignment").then().statusCode(404).body("error_code", equalTo(40401));
        given().get(topicUrl(topic) + "/partitions/-/reassignment").then().statusCode(200)
                .body("kind", equalTo("KafkaReassignmentList"))
                .body("metadata.self", endsWith(topicUrl(topic) + "/partitions/-/reassignment"))
                .body("data", empty());
        given().get(topicsUrl() + "/-/partitions/-/reassignment").then().statusCode(200)
                .body("kind", equalTo("KafkaReassignmentList"));
    }

    @Test
    void shouldAnswerSettledPartitionWhenPatchNamesItsCurrentReplicas() {
        String topic = createTopic("reassign-same", 1);

        patch(topic, 0, "{\"replicas\": [1]}").then().statusCode(200)
                .body("kind", equalTo("KafkaReassignment"))
                .body("cluster_id", equalTo(clusterId()))
                .body("topic_name", equalTo(topic))
                .body("partition_id", equalTo(0))
                .body("adding_replicas", empty())
                .body("removing_replicas", empty())
                .body("replica_ids", equalTo(List.of(1)))
                .body("replicas.related", endsWith(topicUrl(topic) + "/partitions/0/replicas"));
        given().get(topicUrl(topic) + "/partitions/0/replicas").then().statusCode(200)
                .body("data.broker_id", equalTo(List.of(1)))
                .body("data[0].is_leader", equalTo(true))
                .body("data[0].is_in_sync", equalTo(true));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"replicas\": [1, 7]}", "{\"replicas\": [1, 1]}", "{\"replicas\": []}"})
    void shouldRejectTargetWithUnknownDuplicateOrNoBrokersWhenPatching(String body) {
        String topic = createTopic("reassign-bad", 1);

        patch(topic, 0, body).then().statusCode(400).body("error_code", equalTo(40002));
        given().get(topicUrl(topic) + "/partitions/0").then().statusCode(200).body("replica_ids", equalTo(List.of(1)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "{\"replicas\": \"1\"}", "{\"replicas\": [1.5]}", "{\"replicas\": [1], \"x\": 1}", "[1]"})
    void shouldRejectMalformedBodyWhenPatchingReassignment(String body) {
        String topic = createTopic("reassign-malformed", 1);

        patch(topic, 0, body).then().statusCode(400).body("error_code", equalTo(40002));
    }

    @Test
    void shouldAnswerConflictWhenCancellingWithoutReassignment() {
        String topic = createTopic("reassign-cancel", 1);

        patch(topic, 0, "{\"replicas\": null}").then().statusCode(409).body("error_code", equalTo(40909));
    }

    @Test
    void shouldAnswerNotFoundWhenTopicOrPartitionIsUnknown() {
        String topic = createTopic("reassign-404", 1);

        patch("no-such-topic-reassign", 0, "{\"replicas\": [1]}").then().statusCode(404).body("error_code", equalTo(40403));
        patch(topic, 5, "{\"replicas\": [1]}").then().statusCode(404).body("error_code", equalTo(40402));
        given().get(topicUrl(topic) + "/partitions/5/reassignment").then().statusCode(404).body("error_code", equalTo(40402));
        given().get(topicsUrl() + "/-/partitions/0/reassignment").then().statusCode(404);
    }

    @Test
    void shouldProposeCurrentReplicasWhenReplicationFactorIsUnchanged() {
        String topic = createTopic("rf-same", 2);

        given().queryParam("replication_factor", 1).get(topicUrl(topic) + "/replication-factor-proposal").then()
                .statusCode(200)
                .body("kind", equalTo("StrataReplicationFactorProposal"))
                .body("topic_name", equalTo(topic))
                .body("replication_factor", equalTo(1))
                .body("partitions.partition_id", equalTo(List.of(0, 1)))
                .body("partitions.target_replicas", equalTo(List.of(List.of(1), List.of(1))))
                .body("partitions[0].current_replicas", equalTo(List.of(1)))
                .body("partitions[0].adding_replicas", empty())
                .body("partitions[0].removing_replicas", empty());
    }

    @ParameterizedTest(name = "replication_factor={0}")
    @ValueSource(strings = {"2", "0", "-1", "abc", ""})
    void shouldRejectReplicationFactorAboveLiveBrokersOrInvalidWhenProposing(String rf) {
        String topic = createTopic("rf-bad", 1);

        given().queryParam("replication_factor", rf).get(topicUrl(topic) + "/replication-factor-proposal").then()
                .statusCode(400).body("error_code", equalTo(40002));
    }

    @Test
    void shouldRejectReplicationFactorAboveLiveBrokersWhenPatchingTopic() {
        String topic = createTopic("rf-patch", 1);

        given().contentType(ContentType.JSON).body("{\"replication_factor\": 3}").patch(topicUrl(topic)).then()
                .statusCode(400).body("error_code", equalTo(40002));
        given().contentType(ContentType.JSON).body("{}").patch(topicUrl(topic)).then()
                .statusCode(400).body("error_code", equalTo(40002));
        given().contentType(ContentType.JSON).body("{\"replication_factor\": 1}").patch(topicUrl(topic)).then()
                .statusCode(200).body("replication_factor", equalTo(1));
        given().get(topicUrl(topic) + "/partitions/0").then().statusCode(200).body("replica_ids", equalTo(List.of(1)));
    }

    @Test
    void shouldAnswerNotFoundWhenProposingForUnknownTopic() {
        given().queryParam("replication_factor", 1).get(topicUrl("no-such-topic-rf") + "/replication-factor-proposal").then()
                .statusCode(404).body("error_code", equalTo(40403));
    }

    private static io.restassured.response.Response patch(String topic, int partition, String body) {
        return given().contentType(ContentType.JSON).body(body).patch(topicUrl(topic) + "/partitions/" + partition + "/reassignment");
    }
}
