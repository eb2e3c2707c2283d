package io.strata.cluster;

import static io.restassured.RestAssured.given;
import static io.strata.testing.Awaits.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import io.strata.testing.ClusterProcesses;
import io.strata.testing.PartitionRow;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Replication between two real broker processes whose only listener is SASL_PLAINTEXT: followers
 * must log in (SCRAM, as the inter-broker user the first broker creates) before they can fetch, so
 * {@code acks=all} with {@code min.insync.replicas=2} only succeeds if they do. A credential set on
 * one broker is then usable on the other.
 */
class SaslReplicationIT {

    private static final String PASSWORD = "inter-broker-secret";
    private static final Map<String, String> ENV = Map.of(
            "STRATA_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
            "STRATA_KAFKA_INTER_BROKER_PASSWORD", PASSWORD,
            "STRATA_REPLICATION_REPLICA_LAG_TIME_MAX", "PT5S");
    private static final String TOPIC = "sasl-replicated";

    @Test
    void shouldReplicateWhenTheListenerRequiresSaslAuthentication() throws Exception {
        try (ClusterProcesses cluster = ClusterProcesses.start(2, ENV)) {
            replicate(cluster);
            loginElsewhere(cluster);
        }
    }

    /** A credential set through broker 1's HTTP API lets its user log in at broker 2 (NOTIFY, else the periodic re-read). */
    private static void loginElsewhere(ClusterProcesses cluster) throws Exception {
        String clusterId = given().baseUri(cluster.broker(1).httpUrl()).get("/v3/clusters").then().statusCode(200)
                .extract().jsonPath().getString("data[0].cluster_id");
        given().baseUri(cluster.broker(1).httpUrl()).contentType(ContentType.JSON)
                .body(Map.of("mechanism", "SCRAM-SHA-256", "password", "carol-secret"))
                .put("/v3/clusters/" + clusterId + "/users/carol/scram-credentials").then().statusCode(200);
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + cluster.broker(2).kafkaPort());
        p.putAll(scram("SCRAM-SHA-256", "carol", "carol-secret"));
        String seen = awaitValue(() -> {
            try (Admin admin = Admin.create(p)) {
                return admin.describeCluster().clusterId().get();
            } catch (ExecutionException e) {
                return null; // not yet known on broker 2
            }
        }, id -> id != null, "carol can log in at broker 2");
        assertEquals(clusterId, seen);
    }

    private static Properties scram(String mechanism, String user, String password) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, mechanism);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + user + "\" password=\"" + password + "\";");
        return p;
    }

    private static void replicate(ClusterProcesses cluster) throws Exception {
        cluster.createTopic(TOPIC, 2, 2, Map.of("min.insync.replicas", "2"));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + cluster.broker(1).kafkaPort());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        p.putAll(scram("SCRAM-SHA-512", "broker", PASSWORD));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int partition = 0; partition < 2; partition++) {
                for (int i = 0; i < 5; i++) {
                    RecordMetadata acked = producer.send(new ProducerRecord<>(TOPIC, partition, "k", "v" + i)).get();
                    assertEquals(i, acked.offset());
                }
            }
        }
        Map<Integer, PartitionRow> rows = awaitValue(() -> cluster.partitions(TOPIC),
                r -> r.values().stream().allMatch(row -> row.isr().size() == 2), "both ISRs hold both brokers");
        rows.values().forEach(r -> assertEquals(2, r.isr().size(), "ISR of " + r));
    }
}
