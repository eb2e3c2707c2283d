package io.strata.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.strata.kafka.KafkaServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** Consumer groups over HTTP: members with assignments, and lag = log end offset - committed offset. */
@QuarkusTest
class ConsumerGroupsApiTest {

    @Inject
    KafkaServer kafka;

    @Test
    void shouldReportMembersAssignmentsAndLagWhenAGroupHasCommitted() {
        String cluster = given().get("/v3/clusters").then().extract().jsonPath().getString("data[0].cluster_id");
        given().contentType(ContentType.JSON)
                .body(Map.of("topic_name", "lagging", "partitions_count", 2, "replication_factor", 1))
                .post("/v3/clusters/" + cluster + "/topics").then().statusCode(201);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(Map.of("id", "r" + i, "partition_id", i % 2, "value", Map.of("type", "STRING", "data", "v" + i)));
        }
        given().contentType(ContentType.JSON).body(Map.of("entries", entries))
                .post("/v3/clusters/" + cluster + "/topics/lagging/records:batch").then().statusCode(207);

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafka.boundPort());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "http-lag-group");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "lag-client");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("lagging"));
            int seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen < 10 && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                seen += records.count();
            }
            assertEquals(10, seen);
            // Commit 3 of partition 0's 5 records and 5 of partition 1's: lags 2 and 0.
            consumer.commitSync(Map.of(new TopicPartition("lagging", 0), new OffsetAndMetadata(3),
                    new TopicPartition("lagging", 1), new OffsetAndMetadata(5)));

            given().get("/v3/clusters/" + cluster + "/consumer-groups").then().statusCode(200)
                    .body("data.consumer_group_id", hasItem("http-lag-group"));
            JsonPath group = given().get("/v3/clusters/" + cluster + "/consumer-groups/http-lag-group")
                    .then().statusCode(200)
                    .body("state", equalTo("STABLE"))
                    .body("members.size()", equalTo(1))
                    .body("members[0].client_id", equalTo("lag-client"))
                    .extract().jsonPath();
            assertEquals(2, group.getList("members[0].assignments").size());

            JsonPath lags = given().get("/v3/clusters/" + cluster + "/consumer-groups/http-lag-group/lags")
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(List.of(3, 5), lags.getList("data.current_offset"));
            assertEquals(List.of(5, 5), lags.getList("data.log_end_offset"));
            assertEquals(List.of(2, 0), lags.getList("data.lag"));
            given().get("/v3/clusters/" + cluster + "/consumer-groups/http-lag-group/lag-summary").then().statusCode(200)
                    .body("max_lag", equalTo(2)).body("max_lag_partition_id", equalTo(0)).body("total_lag", equalTo(2));
        }
        given().get("/v3/clusters/" + cluster + "/consumer-groups/no-such-group").then().statusCode(404)
                .body("error_code", equalTo(40404));
    }
}
