package io.strata.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.config.StrataConfig;
import io.strata.log.LogManager;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DeleteRecords through the real AdminClient, checked with ListOffsets, a consumer and the checkpoint on disk. */
@QuarkusTest
class DeleteRecordsTest {

    static final int RECORDS = 10;

    @Inject
    KafkaServer server;

    @Inject
    StrataConfig config;

    private Admin admin;

    @BeforeEach
    void setUp() {
        admin = KafkaTestSupport.admin(server);
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    private TopicPartition topicWithRecords(String prefix) throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, prefix, 1);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, ("v" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        return new TopicPartition(topic, 0);
    }

    private long deleteBefore(TopicPartition tp, long offset) throws Exception {
        return admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(offset))).lowWatermarks().get(tp).get().lowWatermark();
    }

    private long earliest(TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset();
    }

    @Test
    void shouldStartReadingAtNewStartOffsetWhenRecordsDeleted() throws Exception {
        TopicPartition tp = topicWithRecords("delete-records");

        assertEquals(4, deleteBefore(tp, 4));

        assertEquals(4, earliest(tp));
        List<String> values = new ArrayList<>();
        long firstOffset = -1;
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 20_000;
            while (values.size() < RECORDS - 4 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    firstOffset = firstOffset < 0 ? r.offset() : firstOffset;
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(4, firstOffset);
        assertEquals(List.of("v4", "v5", "v6", "v7", "v8", "v9"), values);
    }

    @Test
    void shouldPersistLogStartOffsetWhenRecordsDeleted() throws Exception {
        TopicPartition tp = topicWithRecords("delete-records-checkpoint");

        deleteBefore(tp, 7);

        // Written with the deletion, not at the next periodic checkpoint: a crash right after the ack must not undo it.
        List<String> lines = Files.readAllLines(Path.of(config.dataDir()).resolve(LogManager.LOG_START_OFFSET_CHECKPOINT));
        assertTrue(lines.contains(tp.topic() + " 0 7"), lines.toString());
    }

    @Test
    void shouldDeleteUpToHighWatermarkWhenOffsetIsMinusOne() throws Exception {
        TopicPartition tp = topicWithRecords("delete-records-all");

        assertEquals(RECORDS, deleteBefore(tp, -1));

        assertEquals(RECORDS, earliest(tp));
        assertEquals(RECORDS, deleteBefore(tp, 3), "the start offset never moves back; the answer is where it is");
    }

    @Test
    void shouldFailWithOffsetOutOfRangeWhenOffsetBeyondHighWatermark() throws Exception {
        TopicPartition tp = topicWithRecords("delete-records-beyond");

        ExecutionException e = assertThrows(ExecutionException.class, () -> deleteBefore(tp, RECORDS + 1));

        assertInstanceOf(OffsetOutOfRangeException.class, e.getCause());
        assertEquals(0, earliest(tp));
    }

    /** Raw, since the AdminClient retries an unknown topic's metadata until its timeout instead of sending the request. */
    @Test
    void shouldAnswerUnknownTopicOrPartitionWhenTopicOrPartitionMissing() throws Exception {
        TopicPartition tp = topicWithRecords("delete-records-missing");
        String missing = KafkaTestSupport.uniqueTopic("delete-records-missing");
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            DeleteRecordsResponseData response = (DeleteRecordsResponseData) raw.send(ApiKeys.DELETE_RECORDS, (short) 2,
                    new DeleteRecordsRequestData().setTimeoutMs(10_000).setTopics(List.of(
                            new DeleteRecordsRequestData.DeleteRecordsTopic().setName(missing).setPartitions(List.of(
                                    new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(1))),
                            new DeleteRecordsRequestData.DeleteRecordsTopic().setName(tp.topic()).setPartitions(List.of(
                                    new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(1).setOffset(1),
                                    new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(2))))));

            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), response.topics().find(missing).partitions().find(0).errorCode());
            DeleteRecordsResponseData.DeleteRecordsTopicResult existing = response.topics().find(tp.topic());
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), existing.partitions().find(1).errorCode());
            assertEquals(Errors.NONE.code(), existing.partitions().find(0).errorCode(), "the other partition succeeds alone");
            assertEquals(2, existing.partitions().find(0).lowWatermark());
        }
    }
}
