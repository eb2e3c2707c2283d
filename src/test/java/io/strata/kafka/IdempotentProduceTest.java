package io.strata.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** InitProducerId and de-duplication of idempotent produce, with raw frames and with the real producer. */
@QuarkusTest
class IdempotentProduceTest {

    static final short PRODUCE_VERSION = 12;

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

    private static ProduceResponseData.PartitionProduceResponse produce(RawKafkaClient raw, String topic, long producerId,
            short epoch, int baseSequence, int records) throws Exception {
        SimpleRecord[] values = IntStream.range(0, records)
                .mapToObj(i -> new SimpleRecord(("s" + (baseSequence + i)).getBytes(StandardCharsets.UTF_8)))
                .toArray(SimpleRecord[]::new);
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(
                        MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence, values)))));
        ProduceResponseData response = (ProduceResponseData) raw.send(ApiKeys.PRODUCE, PRODUCE_VERSION,
                new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000).setTopicData(topics));
        return response.responses().iterator().next().partitionResponses().get(0);
    }

    private long latestOffset(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
    }

    @Test
    void shouldReturnOriginalOffsetsWhenBatchIsRepeated() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "idempotent-raw", 1);
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            InitProducerIdResponseData init = (InitProducerIdResponseData) raw.send(ApiKeys.INIT_PRODUCER_ID, (short) 4,
                    new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000)
                            .setProducerId(-1).setProducerEpoch((short) -1));
            assertEquals(Errors.NONE.code(), init.errorCode());
            long pid = init.producerId();

            ProduceResponseData.PartitionProduceResponse first = produce(raw, topic, pid, (short) 0, 0, 3);
            ProduceResponseData.PartitionProduceResponse retried = produce(raw, topic, pid, (short) 0, 0, 3);
            ProduceResponseData.PartitionProduceResponse next = produce(raw, topic, pid, (short) 0, 3, 2);
            ProduceResponseData.PartitionProduceResponse gap = produce(raw, topic, pid, (short) 0, 10, 1);
            ProduceResponseData.PartitionProduceResponse olderRetry = produce(raw, topic, pid, (short) 0, 0, 3);

            assertEquals(Errors.NONE.code(), first.errorCode());
            assertEquals(0, first.baseOffset());
            assertEquals(Errors.NONE.code(), retried.errorCode(), "a repeated batch is a success...");
            assertEquals(0, retried.baseOffset(), "...with the original offsets");
            assertEquals(3, next.baseOffset());
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code(), gap.errorCode());
            assertEquals(0, olderRetry.baseOffset());
        }
        assertEquals(5, latestOffset(topic), "only 3 + 2 records were appended");
    }

    @Test
    void shouldAllocateDistinctProducerIdsWhenProducersInit() throws Exception {
        List<Long> ids = new ArrayList<>();
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            for (int i = 0; i < 3; i++) {
                InitProducerIdResponseData init = (InitProducerIdResponseData) raw.send(ApiKeys.INIT_PRODUCER_ID, (short) 0,
                        new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000));
                ids.add(init.producerId());
            }
        }
        assertEquals(3, ids.stream().distinct().count(), ids.toString());
        assertTrue(ids.stream().allMatch(id -> id >= 0));
    }

    @Test
    void shouldStoreEveryRecordOnceWhenJavaProducerIsIdempotent() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "idempotent-client", 1);
        int count = 300;
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 2, ProducerConfig.BATCH_SIZE_CONFIG, 512))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, ("v" + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }

        assertEquals(count, latestOffset(topic));
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, Map.of())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            long deadline = System.currentTimeMillis() + 20_000;
            while (values.size() < count && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(IntStream.range(0, count).mapToObj(i -> "v" + i).toList(), values, "in order, none twice");
    }
}
