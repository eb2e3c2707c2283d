package io.strata.http;

import static io.restassured.RestAssured.given;
import static io.strata.http.ApiTestSupport.createTopic;
import static io.strata.http.ApiTestSupport.topicUrl;
import static io.strata.http.ApiTestSupport.topicsUrl;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.strata.kafka.KafkaServer;
import io.strata.kafka.KafkaTestSupport;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.junit.jupiter.api.Test;

/**
 * Reassignment needs ALTER on the cluster and reading reassignments DESCRIBE, over HTTP and Kafka
 * alike; the caller here ({@link SecretTopicsAuthorizer}) may describe the cluster but not alter it.
 */
@QuarkusTest
@TestProfile(AuthorizationApiTest.DenyingProfile.class)
class ReassignmentAuthorizationTest {

    @Inject
    KafkaServer server;

    @Test
    void shouldAnswer403AndChangeNothingWhenCallerMayNotAlterClusterOverHttp() {
        String topic = createTopic("reassign-authz", 1);

        given().contentType(ContentType.JSON).body("{\"replicas\": [1]}")
                .patch(topicUrl(topic) + "/partitions/0/reassignment").then().statusCode(403).body("error_code", equalTo(40301));
        given().contentType(ContentType.JSON).body("{\"replication_factor\": 1}").patch(topicUrl(topic)).then()
                .statusCode(403).body("error_code", equalTo(40301));
        given().get(topicsUrl() + "/-/partitions/-/reassignment").then().statusCode(200);
        given().get(topicUrl(topic) + "/partitions/0").then().statusCode(200).body("replica_ids", equalTo(List.of(1)));
    }

    @Test
    void shouldFailWithClusterAuthorizationWhenCallerMayNotAlterClusterOverKafka() throws Exception {
        try (Admin admin = KafkaTestSupport.admin(server)) {
            String topic = KafkaTestSupport.createTopic(admin, "reassign-authz-kafka", 1);

            ExecutionException e = assertThrows(ExecutionException.class, () -> admin.alterPartitionReassignments(Map.of(
                    new TopicPartition(topic, 0), Optional.of(new NewPartitionReassignment(List.of(1))))).all().get());

            assertInstanceOf(ClusterAuthorizationException.class, e.getCause());
            assertTrue(admin.listPartitionReassignments().reassignments().get().isEmpty(), "DESCRIBE on the cluster is allowed");
        }
    }
}
