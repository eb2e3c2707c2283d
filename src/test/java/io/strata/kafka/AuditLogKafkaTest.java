package io.strata.kafka;

import static io.strata.testing.Awaits.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.metadata.AuditQuery;
import io.strata.metadata.AuditRow;
import io.strata.metadata.AuditStore;
import io.strata.metadata.StoredAuditRow;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/** Admin changes made with the real Kafka Admin client land in the audit log with the caller and before/after. */
@QuarkusTest
class AuditLogKafkaTest {

    private static final long AWAIT_MS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KafkaServer server;

    @Inject
    AuditStore audit;

    /** The rows of one resource, oldest first, once there are {@code count} (writes are asynchronous). */
    private List<AuditRow> awaitRows(String resource, int count) throws Exception {
        List<StoredAuditRow> rows = awaitValue(() -> audit.query(new AuditQuery(null, null, resource, null, null, null, null, 100)),
                r -> r.size() >= count, count + " audit rows for " + resource, AWAIT_MS);
        List<AuditRow> oldestFirst = new java.util.ArrayList<>(rows.stream().map(StoredAuditRow::row).toList());
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private interface AdminWork {
        void run(Admin admin) throws Exception;
    }

    private void withAdmin(AdminWork work) throws Exception {
        try (Admin admin = KafkaTestSupport.admin(server)) {
            work.run(admin);
        }
    }

    private void produceTenRecords(String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {(byte) i})).get();
            }
        }
    }

    private static JsonNode json(String text) throws Exception {
        return text == null ? null : JSON.readTree(text);
    }

    @Test
    void shouldRecordTopicChangesWithBeforeAndAfterWhenMadeWithTheAdminClient() throws Exception {
        withAdmin(admin -> {
            String topic = KafkaTestSupport.uniqueTopic("audit-kafka");
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("retention.ms", "1000")))).all().get();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "2000"),
                    AlterConfigOp.OpType.SET)))).all().get();
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get();
            admin.deleteTopics(List.of(topic)).all().get();

            List<AuditRow> rows = awaitRows("TOPIC:" + topic, 4);

            assertEquals(List.of("CreateTopics", "IncrementalAlterConfigs", "CreatePartitions", "DeleteTopics"),
                    rows.stream().map(AuditRow::action).toList());
            for (AuditRow row : rows) {
                assertEquals("User:ANONYMOUS", row.principal());
                assertEquals("127.0.0.1", row.client());
                assertEquals("SUCCESS", row.outcome());
                assertEquals("TOPIC:" + topic, row.resource());
            }
            assertNull(rows.get(0).beforeJson());
            assertEquals("1000", json(rows.get(0).afterJson()).at("/configs/retention.ms").asText());
            assertEquals("1000", json(rows.get(1).beforeJson()).get("retention.ms").asText());
            assertEquals("2000", json(rows.get(1).afterJson()).get("retention.ms").asText());
            assertEquals(1, json(rows.get(2).beforeJson()).get("partitions_count").asInt());
            assertEquals(3, json(rows.get(2).afterJson()).get("partitions_count").asInt());
            assertEquals(3, json(rows.get(3).beforeJson()).get("partitions_count").asInt());
            assertNull(rows.get(3).afterJson());
        });
    }

    @Test
    void shouldRecordFailureWithTheKafkaErrorWhenAnAdminChangeFails() throws Exception {
        withAdmin(admin -> {
            String topic = KafkaTestSupport.createTopic(admin, "audit-kfail", 1);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get());
            assertInstanceOf(TopicExistsException.class, e.getCause());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThrows(ExecutionException.class, () -> admin.incrementalAlterConfigs(Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET)))).all().get());

            List<AuditRow> rows = awaitRows("TOPIC:" + topic, 3);

            assertEquals("SUCCESS", rows.get(0).outcome());
            assertEquals("FAILURE", rows.get(1).outcome());
            assertEquals("CreateTopics", rows.get(1).action());
            assertEquals("TOPIC_ALREADY_EXISTS", json(rows.get(1).afterJson()).get("error").asText());
            assertEquals("FAILURE", rows.get(2).outcome());
            assertEquals("IncrementalAlterConfigs", rows.get(2).action());
            assertEquals("INVALID_CONFIG", json(rows.get(2).afterJson()).get("error").asText());
        });
    }

    @Test
    void shouldRecordOffsetResetAndGroupDeletionWhenDoneByAnAdminClient() throws Exception {
        withAdmin(admin -> {
            String topic = KafkaTestSupport.createTopic(admin, "audit-offsets", 1);
            produceTenRecords(topic);
            String group = "audit-group-" + topic;
            TopicPartition tp = new TopicPartition(topic, 0);
            // A group member's own commit is not an admin change.
            try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, Map.of("group.id", group))) {
                consumer.subscribe(List.of(topic));
                awaitValue(() -> consumer.poll(java.time.Duration.ofMillis(200)).count(), n -> n > 0, "records polled", 30_000);
                consumer.commitSync(Map.of(tp, new OffsetAndMetadata(7)));
            }

            admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(2))).all().get();
            admin.deleteConsumerGroups(List.of(group)).all().get();

            List<AuditRow> rows = awaitRows("GROUP:" + group, 2);

            assertEquals(2, rows.size(), "the member's own commit is not recorded: " + rows);
            assertEquals("OffsetCommit", rows.get(0).action());
            assertEquals("SUCCESS", rows.get(0).outcome());
            assertEquals("User:ANONYMOUS", rows.get(0).principal());
            assertEquals(7, json(rows.get(0).beforeJson()).get(topic + "-0").asLong());
            assertEquals(2, json(rows.get(0).afterJson()).get(topic + "-0").asLong());
            assertEquals("DeleteGroups", rows.get(1).action());
            assertEquals(2, json(rows.get(1).beforeJson()).get(topic + "-0").asLong());
            assertTrue(rows.get(1).afterJson() == null);
        });
    }

    @Test
    void shouldRecordDeleteRecordsLegacyAlterConfigsAndElectionsButNotValidateOnlyRequests() throws Exception {
        withAdmin(admin -> {
            String topic = KafkaTestSupport.createTopic(admin, "audit-more", 1);
            produceTenRecords(topic);
            TopicPartition tp = new TopicPartition(topic, 0);
            admin.createTopics(List.of(new NewTopic(topic + "-dry", 1, (short) 1)),
                    new org.apache.kafka.clients.admin.CreateTopicsOptions().validateOnly(true)).all().get();
            admin.deleteRecords(Map.of(tp, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(4))).all().get();
            // The Admin client no longer sends legacy AlterConfigs; other clients still do.
            AlterConfigsRequestData.AlterableConfigCollection configs = new AlterConfigsRequestData.AlterableConfigCollection();
            configs.add(new AlterConfigsRequestData.AlterableConfig().setName("cleanup.policy").setValue("compact"));
            AlterConfigsRequestData.AlterConfigsResourceCollection resources = new AlterConfigsRequestData.AlterConfigsResourceCollection();
            resources.add(new AlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2).setResourceName(topic)
                    .setConfigs(configs));
            try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
                raw.send(ApiKeys.ALTER_CONFIGS, (short) 2, new AlterConfigsRequestData().setResources(resources));
            }
            admin.electLeaders(org.apache.kafka.common.ElectionType.PREFERRED, java.util.Set.of(tp)).partitions().get();

            List<AuditRow> rows = awaitRows("TOPIC:" + topic, 4);

            assertEquals(List.of("CreateTopics", "DeleteRecords", "AlterConfigs", "ElectLeaders"),
                    rows.stream().map(AuditRow::action).toList(), "validate_only creates nothing and is not recorded");
            assertEquals(0, json(rows.get(1).beforeJson()).get("0").asLong());
            assertEquals(4, json(rows.get(1).afterJson()).get("0").asLong());
            assertEquals("{}", json(rows.get(2).beforeJson()).toString());
            assertEquals("compact", json(rows.get(2).afterJson()).get("cleanup.policy").asText());
            // one broker: the preferred replica already leads, so the election changes nothing
            assertEquals("SUCCESS", rows.get(3).outcome());
            assertEquals(json(rows.get(3).beforeJson()), json(rows.get(3).afterJson()));
            // The writer keeps order, so a row for the earlier validate-only request would be visible by now.
            assertEquals(List.of(), audit.query(new AuditQuery(null, null, "TOPIC:" + topic + "-dry", null, null, null, null, 10)));
        });
    }

    @Test
    void shouldRecordOffsetDeletionWithTheOffsetsItRemoved() throws Exception {
        withAdmin(admin -> {
            String topic = KafkaTestSupport.createTopic(admin, "audit-offdel", 2);
            String group = "audit-offdel-" + topic;
            TopicPartition p0 = new TopicPartition(topic, 0);
            TopicPartition p1 = new TopicPartition(topic, 1);
            admin.alterConsumerGroupOffsets(group, Map.of(p0, new OffsetAndMetadata(0), p1, new OffsetAndMetadata(0))).all().get();
            admin.deleteConsumerGroupOffsets(group, java.util.Set.of(p1)).all().get();

            List<AuditRow> rows = awaitRows("GROUP:" + group, 2);

            assertEquals("OffsetDelete", rows.get(1).action());
            assertEquals("SUCCESS", rows.get(1).outcome());
            assertEquals(0, json(rows.get(1).beforeJson()).get(topic + "-1").asLong());
            assertNull(json(rows.get(1).beforeJson()).get(topic + "-0"));
            assertNull(rows.get(1).afterJson());
        });
    }
}
