package io.strata.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.kafka.KafkaServer;
import io.strata.kafka.KafkaTestSupport;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionReplica;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.tools.reassign.ReassignPartitionsCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka's {@code kafka-reassign-partitions.sh} ({@link ReassignPartitionsCommand}) and the Admin
 * reassignment calls against one broker: the error answers, and an execute/verify round trip
 * (replica moves between brokers are in the cluster ITs).
 */
@QuarkusTest
class ReassignPartitionsCommandTest {

    @Inject
    KafkaServer server;

    private Admin admin;

    @BeforeEach
    void setUp() {
        admin = KafkaTestSupport.admin(server);
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    @Test
    void shouldFailWithInvalidReplicaAssignmentWhenTargetNamesUnknownOrDuplicateBroker() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "rp-invalid", 1);
        TopicPartition tp = new TopicPartition(topic, 0);

        for (List<Integer> bad : List.of(List.of(1, 42), List.of(1, 1))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> admin.alterPartitionReassignments(
                    Map.of(tp, Optional.of(new NewPartitionReassignment(bad)))).all().get());
            assertInstanceOf(InvalidReplicaAssignmentException.class, e.getCause(), bad.toString());
        }
    }

    @Test
    void shouldFailWithNoReassignmentInProgressWhenCancellingNone() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "rp-cancel", 1);

        ExecutionException e = assertThrows(ExecutionException.class, () -> admin.alterPartitionReassignments(
                Map.of(new TopicPartition(topic, 0), Optional.empty())).all().get());

        assertInstanceOf(NoReassignmentInProgressException.class, e.getCause());
    }

    @Test
    void shouldFailWithUnknownTopicOrPartitionWhenPartitionDoesNotExist() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "rp-unknown", 1);

        for (TopicPartition tp : List.of(new TopicPartition(topic, 3), new TopicPartition("rp-no-such-topic", 0))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> admin.alterPartitionReassignments(
                    Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(1))))).all().get());
            assertInstanceOf(UnknownTopicOrPartitionException.class, e.getCause(), tp.toString());
        }
    }

    @Test
    void shouldListNothingAndSucceedWhenTargetEqualsCurrentReplicas() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "rp-same", 2);
        TopicPartition tp = new TopicPartition(topic, 1);

        admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(1))))).all().get();
        Map<TopicPartition, PartitionReassignment> listed = admin.listPartitionReassignments(Set.of(tp)).reassignments().get();

        assertTrue(listed.isEmpty(), listed.toString());
        assertFalse(admin.listPartitionReassignments().reassignments().get().containsKey(tp));
    }

    @Test
    void shouldReportReplicaLogDirectoryWhenDescribingReplicaLogDirs() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "rp-logdirs", 1);
        TopicPartitionReplica replica = new TopicPartitionReplica(topic, 0, 1);

        var info = admin.describeReplicaLogDirs(List.of(replica)).all().get().get(replica);

        assertTrue(info.getCurrentReplicaLogDir() != null && Files.isDirectory(Path.of(info.getCurrentReplicaLogDir())),
                String.valueOf(info));
    }

    @Test
    void shouldExecuteAndVerifyReassignmentWhenToolRunsWithJsonFile() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "rp-tool", 2);
        Path json = Files.createTempFile("reassign-", ".json");
        Files.writeString(json, "{\"version\":1,\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"replicas\":[1]},"
                + "{\"topic\":\"" + topic + "\",\"partition\":1,\"replicas\":[1]}]}");
        try {
            ToolRunner.Result executed = reassign("--execute", "--reassignment-json-file", json.toString());
            ToolRunner.Result verified = reassign("--verify", "--reassignment-json-file", json.toString());

            assertEquals(0, executed.exitCode(), executed::toString);
            assertTrue(executed.out().contains("Successfully started partition reassignments for " + topic + "-0,"
                    + topic + "-1"), executed::toString);
            assertEquals(0, verified.exitCode(), verified::toString);
            assertTrue(verified.out().contains("Reassignment of partition " + topic + "-0 is completed."), verified::toString);
            assertTrue(verified.out().contains("Reassignment of partition " + topic + "-1 is completed."), verified::toString);
        } finally {
            Files.deleteIfExists(json);
        }
    }

    @Test
    void shouldListNoReassignmentOfTopicWhenToolListsAndNoneRuns() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "rp-tool-list", 1);

        ToolRunner.Result listed = reassign("--list");

        assertEquals(0, listed.exitCode(), listed::toString);
        assertFalse(listed.out().contains(topic), listed::toString);
    }

    private ToolRunner.Result reassign(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = KafkaTestSupport.bootstrap(server);
        System.arraycopy(args, 0, all, 2, args.length);
        return ToolRunner.inProcess(ReassignPartitionsCommand::main, all);
    }
}
