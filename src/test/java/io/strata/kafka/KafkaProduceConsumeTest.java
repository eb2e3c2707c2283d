package io.strata.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.broker.Partitioner;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real Java producer and consumer (assign + seek, no group) against the broker. */
@QuarkusTest
class KafkaProduceConsumeTest {

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

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void shouldConsumeWhatWasProducedWhenCompressed(String compression) throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "compressed", 1);
        int count = 500;
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression, ProducerConfig.LINGER_MS_CONFIG, 5))) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, bytes("k" + i), bytes("value-" + i));
                record.headers().add(new RecordHeader("h", bytes("x" + i)));
                producer.send(record);
            }
            producer.flush();
        }

        List<ConsumerRecord<byte[], byte[]>> records = consumeFromStart(new TopicPartition(topic, 0), count);

        assertEquals(count, records.size());
        for (int i = 0; i < count; i++) {
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            assertEquals(i, r.offset());
            assertArrayEquals(bytes("k" + i), r.key());
            assertArrayEquals(bytes("value-" + i), r.value());
            assertArrayEquals(bytes("x" + i), r.headers().lastHeader("h").value());
        }
    }

    @ParameterizedTest(name = "acks={0}")
    @ValueSource(strings = {"0", "1", "all"})
    void shouldStoreRecordsWhenProducedWithAcks(String acks) throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "acks", 1);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of(ProducerConfig.ACKS_CONFIG, acks))) {
            for (int i = 0; i < 10; i++) {
                RecordMetadata meta = producer.send(new ProducerRecord<>(topic, 0, null, bytes("v" + i))).get();
                // acks=0 gets no answer, so the client cannot know the offset.
                assertEquals(acks.equals("0") ? -1 : i, meta.offset());
            }
        }

        assertEquals(10, consumeFromStart(new TopicPartition(topic, 0), 10).size());
    }

    @Test
    void shouldPlaceKeyOnSamePartitionAsKafkaDefaultPartitionerWhenKeyed() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "keyed", 6);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of())) {
            for (int i = 0; i < 50; i++) {
                byte[] key = bytes("customer-" + i);
                RecordMetadata meta = producer.send(new ProducerRecord<>(topic, key, bytes("v"))).get();
                int kafkaDefault = Utils.toPositive(Utils.murmur2(key)) % 6;
                assertEquals(kafkaDefault, meta.partition());
                // The broker's own partitioner (HTTP produce) must agree with the Java client.
                assertEquals(meta.partition(), Partitioner.partitionForKey(key, 6));
            }
        }
    }

    @Test
    void shouldListOffsetsWhenEarliestLatestMaxTimestampOrByTime() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "offsets", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        long base = 1_700_000_000_000L;
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of())) {
            long[] timestamps = {base + 10, base + 30, base + 20, base + 40, base + 5};
            for (long ts : timestamps) {
                producer.send(new ProducerRecord<>(topic, 0, ts, null, bytes("v"))).get();
            }
        }

        assertEquals(0L, admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset());
        assertEquals(5L, admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset());
        ListOffsetsResult.ListOffsetsResultInfo max = admin.listOffsets(Map.of(tp, OffsetSpec.maxTimestamp())).partitionResult(tp).get();
        assertEquals(3L, max.offset());
        assertEquals(base + 40, max.timestamp());
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, Map.of())) {
            Map<TopicPartition, OffsetAndTimestamp> byTime = consumer.offsetsForTimes(Map.of(tp, base + 25));
            assertEquals(1L, byTime.get(tp).offset());
            assertEquals(null, consumer.offsetsForTimes(Map.of(tp, base + 1000)).get(tp));
            assertEquals(0L, consumer.beginningOffsets(List.of(tp)).get(tp));
            assertEquals(5L, consumer.endOffsets(List.of(tp)).get(tp));
        }
    }

    @Test
    void shouldResetPositionWhenFetchOffsetOutOfRange() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "reset", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of())) {
            producer.send(new ProducerRecord<>(topic, 0, null, bytes("only"))).get();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 1000);
            List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            // OFFSET_OUT_OF_RANGE made the consumer apply auto.offset.reset=earliest.
            assertEquals(1, got.size());
            assertEquals(0L, got.get(0).offset());
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> consumeFromStart(TopicPartition tp, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 30_000;
            while (out.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        assertTrue(out.size() >= expected, "consumed " + out.size() + " of " + expected);
        return out;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
