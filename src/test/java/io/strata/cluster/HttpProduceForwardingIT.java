package io.strata.cluster;

import static io.restassured.RestAssured.given;
import static io.strata.testing.Awaits.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.strata.testing.AckedHistory;
import io.strata.testing.BrokerProcess;
import io.strata.testing.ClusterProcesses;
import io.strata.testing.ClusterTestSupport;
import io.strata.testing.NumberedProducer;
import io.strata.testing.PartitionRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An HTTP produce sent to any broker of a three-broker cluster reaches the partition's leader: each
 * broker is sent records for partitions led by the others, answers 200 with the offsets the leader
 * gave, and the records read back in order at those offsets, also after the leadership moved.
 */
class HttpProduceForwardingIT extends ClusterTestSupport {

    private static final Map<String, String> ENV = Map.of("STRATA_METADATA_SESSION_TIMEOUT", "PT4S");
    private static final String TOPIC = "forwarded";
    private static final int PARTITIONS = 3;

    private long nextNumber;

    @Test
    void shouldAppendOnLeaderWhenHttpProduceIsSentToBrokerThatDoesNotLead() throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
        cluster.createTopic(TOPIC, PARTITIONS, 2, Map.of("min.insync.replicas", "1"));
        Map<Integer, PartitionRow> rows = cluster.partitions(TOPIC);
        List<NumberedProducer.Acked> acked = new ArrayList<>();
        int forwarded = 0;
        long startNanos = System.nanoTime();
        for (var broker : cluster.brokers().entrySet()) {
            for (PartitionRow row : rows.values()) {
                if (row.leader() == broker.getKey()) {
                    continue;
                }
                for (int i = 0; i < 5; i++) {
                    acked.add(produce(broker.getValue(), row.partition()));
                    forwarded++;
                }
            }
        }
        assertEquals(3 * (PARTITIONS - 1) * 5, forwarded, "every broker was asked for partitions it does not lead");
        long forwardedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);

        // Leadership moves: a broker that still has the old leader in its image finds the new one.
        int victim = rows.get(0).leader();
        long killedNanos = System.nanoTime();
        cluster.broker(victim).kill();
        PartitionRow moved = awaitValue(() -> cluster.partitions(TOPIC).get(0), r -> r.leader() >= 0 && r.leader() != victim,
                "partition 0 gets a new leader");
        BrokerProcess other = cluster.brokers().entrySet().stream()
                .filter(e -> e.getKey() != victim && e.getKey() != moved.leader()).findFirst().orElseThrow().getValue();
        NumberedProducer.Acked afterMove = awaitValue(() -> tryProduce(other, 0), a -> a != null,
                "a produce to a non-leader reaches the new leader");
        acked.add(afterMove);
        long afterMoveMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNanos);

        int readBack = AckedHistory.verify(acked, AckedHistory.readAll(cluster.bootstrap(), TOPIC, PARTITIONS));
        assertTrue(readBack >= acked.size(), "every acknowledged record is read back");
        System.out.printf("%s HttpProduceForwardingIT forwardedProduces=%d forwardedMs=%d produceAfterLeaderKillMs=%d%n",
                ReplicationIT.FIGURES, forwarded, forwardedMs, afterMoveMs);
    }

    /** Produces the next numbered record to {@code partition} through {@code broker}'s HTTP API; 200 required. */
    private NumberedProducer.Acked produce(BrokerProcess broker, int partition) {
        NumberedProducer.Acked acked = tryProduce(broker, partition);
        if (acked == null) {
            throw new AssertionError("HTTP produce to " + broker.httpUrl() + " for partition " + partition + " failed");
        }
        return acked;
    }

    private NumberedProducer.Acked tryProduce(BrokerProcess broker, int partition) {
        long number = nextNumber++; // never reused: a failed attempt may still have been appended
        var response = given().baseUri(broker.httpUrl()).contentType(ContentType.JSON)
                .body(Map.of("partition_id", partition, "value", Map.of("type", "STRING", "data", Long.toString(number))))
                .post("/v3/clusters/" + clusterId(broker) + "/topics/" + TOPIC + "/records");
        if (response.statusCode() != 200) {
            return null;
        }
        JsonPath report = response.jsonPath();
        assertEquals(partition, report.getInt("partition_id"));
        return new NumberedProducer.Acked(partition, report.getLong("offset"), number, System.nanoTime());
    }

    private static String clusterId(BrokerProcess broker) {
        return given().baseUri(broker.httpUrl()).get("/v3/clusters").then().statusCode(200)
                .extract().jsonPath().getString("data[0].cluster_id");
    }
}
