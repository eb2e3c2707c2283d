package io.strata.http;

import static io.restassured.RestAssured.given;
import static io.strata.http.ApiTestSupport.clusterId;
import static io.strata.http.ApiTestSupport.createTopic;
import static io.strata.http.ApiTestSupport.produce;
import static io.strata.http.ApiTestSupport.topicUrl;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PartitionsApiTest {

    @Test
    void shouldDescribePartitionsWithLogOffsetsWhenRecordsWereProduced() {
        String topic = createTopic("parts", 2);
        for (int i = 0; i < 4; i++) {
            produce(topic, "{\"partition_id\": 1, \"value\": {\"type\": \"STRING\", \"data\": \"v" + i + "\"}}");
        }
        given().get(topicUrl(topic) + "/partitions").then().statusCode(200)
                .body("kind", equalTo("KafkaPartitionList"))
                .body("data", hasSize(2))
                .body("data.partition_id", equalTo(List.of(0, 1)))
                .body("data.high_watermark", equalTo(List.of(0, 4)));
        given().get(topicUrl(topic) + "/partitions/1").then().statusCode(200)
                .body("kind", equalTo("KafkaPartition"))
                .body("cluster_id", equalTo(clusterId()))
                .body("topic_name", equalTo(topic))
                .body("partition_id", equalTo(1))
                .body("leader_id", equalTo(1))
                .body("replica_ids", equalTo(List.of(1)))
                .body("isr_ids", equalTo(List.of(1)))
                .body("leader_epoch", equalTo(0))
                .body("log_start_offset", equalTo(0))
                .body("high_watermark", equalTo(4))
                .body("log_end_offset", equalTo(4))
                .body("size_bytes", greaterThan(0))
                .body("leader.related", endsWith(topicUrl(topic) + "/partitions/1/replicas/1"))
                .body("replicas.related", endsWith(topicUrl(topic) + "/partitions/1/replicas"))
                .body("metadata.resource_name", equalTo("crn:///kafka=" + clusterId() + "/topic=" + topic + "/partition=1"));
    }

    @Test
    void shouldDescribeReplicasWhenAsked() {
        String topic = createTopic("replicas", 1);
        given().get(topicUrl(topic) + "/partitions/0/replicas").then().statusCode(200)
                .body("kind", equalTo("KafkaReplicaList"))
                .body("data.broker_id", equalTo(List.of(1)))
                .body("data[0].is_leader", equalTo(true))
                .body("data[0].is_in_sync", equalTo(true));
        given().get(topicUrl(topic) + "/partitions/0/replicas/1").then().statusCode(200).body("broker_id", equalTo(1));
        given().get(topicUrl(topic) + "/partitions/0/replicas/5").then().statusCode(404).body("error_code", equalTo(40401));
    }

    @Test
    void shouldAnswer404WhenThePartitionIsUnknown() {
        String topic = createTopic("parts-404", 1);
        given().get(topicUrl(topic) + "/partitions/1").then().statusCode(404).body("error_code", equalTo(40402));
        given().get(topicUrl(topic) + "/partitions/x").then().statusCode(404).body("error_code", equalTo(40402));
        given().get(topicUrl("no-such-topic-parts") + "/partitions").then().statusCode(404).body("error_code", equalTo(40403));
    }
}
