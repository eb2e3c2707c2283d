package io.strata.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.protocol.SupportedApis;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The protocol at the byte level, at every advertised version of the core APIs, plus bad input:
 * each bad connection is closed while other clients keep being served.
 */
@QuarkusTest
class KafkaWireProtocolTest {

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

    static Stream<Short> versions(ApiKeys key) {
        var range = SupportedApis.range(key).orElseThrow();
        return IntStream.rangeClosed(range.minVersion(), range.maxVersion()).mapToObj(v -> (short) v);
    }

    static Stream<Short> apiVersionsVersions() {
        return versions(ApiKeys.API_VERSIONS);
    }

    static Stream<Short> metadataVersions() {
        return versions(ApiKeys.METADATA);
    }

    static Stream<Short> produceVersions() {
        return versions(ApiKeys.PRODUCE);
    }

    static Stream<Short> fetchVersions() {
        return versions(ApiKeys.FETCH);
    }

    static Stream<Short> listOffsetsVersions() {
        return versions(ApiKeys.LIST_OFFSETS);
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("apiVersionsVersions")
    void shouldAdvertiseSupportedRangesWhenApiVersionsAtAnySupportedVersion(short version) throws Exception {
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            ApiVersionsRequestData request = version >= 3
                    ? new ApiVersionsRequestData().setClientSoftwareName("raw").setClientSoftwareVersion("1")
                    : new ApiVersionsRequestData();
            ApiVersionsResponseData response = (ApiVersionsResponseData) raw.send(ApiKeys.API_VERSIONS, version, request);

            assertEquals(Errors.NONE.code(), response.errorCode());
            assertEquals(SupportedApis.apiVersions(), response.apiKeys());
        }
    }

    @Test
    void shouldAnswerWithVersionZeroAndRangesWhenApiVersionsVersionUnsupported() throws Exception {
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKeys.API_VERSIONS.id)
                    .setRequestApiVersion((short) 99).setCorrelationId(42).setClientId("future-client");
            // A body in a schema the broker cannot know.
            ByteBuffer frame = ByteBuffer.allocate(64);
            frame.putInt(0);
            frame.putShort(header.requestApiKey()).putShort(header.requestApiVersion()).putInt(42).putShort((short) -1)
                    .put((byte) 0).put(new byte[] {1, 2, 3, 4, 5});
            frame.putInt(0, frame.position() - 4).flip();
            raw.writeRaw(frame);

            ByteBuffer response = ByteBuffer.wrap(raw.readFrame());
            assertEquals(42, response.getInt()); // header v0: correlation id only
            ApiVersionsResponseData body = new ApiVersionsResponseData();
            body.read(new org.apache.kafka.common.protocol.ByteBufferAccessor(response), (short) 0);
            assertEquals(Errors.UNSUPPORTED_VERSION.code(), body.errorCode());
            assertEquals(SupportedApis.apiVersions(), body.apiKeys());
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("metadataVersions")
    void shouldDescribeTopicWhenMetadataAtAnySupportedVersion(short version) throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "meta", 3);
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            MetadataRequestData request = new MetadataRequestData().setTopics(List.of(
                    new MetadataRequestData.MetadataRequestTopic().setName(topic),
                    new MetadataRequestData.MetadataRequestTopic().setName("no-such-topic-" + version)));
            if (version >= 4) {
                request.setAllowAutoTopicCreation(false);
            }
            MetadataResponseData response = (MetadataResponseData) raw.send(ApiKeys.METADATA, version, request);

            assertEquals(1, response.brokers().size());
            assertEquals(server.boundPort(), response.brokers().iterator().next().port());
            MetadataResponseData.MetadataResponseTopic described = response.topics().find(topic);
            assertEquals(Errors.NONE.code(), described.errorCode());
            assertEquals(3, described.partitions().size());
            assertEquals(response.brokers().iterator().next().nodeId(), described.partitions().get(0).leaderId());
            if (version >= 10) {
                assertTrue(!Uuid.ZERO_UUID.equals(described.topicId()));
            }
            if (version >= 2) {
                assertTrue(!response.clusterId().isEmpty());
            }
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), response.topics().find("no-such-topic-" + version).errorCode());
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("produceVersions")
    void shouldAppendAndFetchBackWhenProduceAtAnySupportedVersion(short version) throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "produce-v" + version, 1);
        Uuid topicId = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            ProduceResponseData first = produce(raw, version, topic, topicId, "a", "b");
            ProduceResponseData second = produce(raw, version, topic, topicId, "c");

            ProduceResponseData.PartitionProduceResponse p1 = first.responses().iterator().next().partitionResponses().get(0);
            ProduceResponseData.PartitionProduceResponse p2 = second.responses().iterator().next().partitionResponses().get(0);
            assertEquals(Errors.NONE.code(), p1.errorCode());
            assertEquals(0L, p1.baseOffset());
            assertEquals(2L, p2.baseOffset());
        }
        assertEquals(3, fetchLatest(topic, topicId).highWatermark());
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("fetchVersions")
    void shouldReturnRecordsAndOffsetsWhenFetchAtAnySupportedVersion(short version) throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "fetch-v" + version, 1);
        Uuid topicId = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, ("v" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            FetchResponseData.PartitionData data = fetch(raw, version, topic, topicId, 2, 0, 1);
            assertEquals(Errors.NONE.code(), data.errorCode());
            assertEquals(5, data.highWatermark());
            assertEquals(5, data.lastStableOffset());
            // log_start_offset exists from Fetch v5 on; older versions read back the field's default.
            assertEquals(version >= 5 ? 0 : -1, data.logStartOffset());
            long count = 0;
            long last = -1;
            for (var batch : ((MemoryRecords) data.records()).batches()) {
                for (var record : batch) {
                    last = record.offset();
                    count++;
                }
            }
            assertEquals(4, last);
            assertTrue(count >= 3);

            assertEquals(Errors.OFFSET_OUT_OF_RANGE.code(), fetch(raw, version, topic, topicId, 99, 0, 1).errorCode());
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("listOffsetsVersions")
    void shouldAnswerEarliestAndLatestWhenListOffsetsAtAnySupportedVersion(short version) throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "list-v" + version, 1);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of())) {
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {1})).get();
            }
        }
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            assertEquals(0, listOffset(raw, version, topic, -2L).offset());
            assertEquals(4, listOffset(raw, version, topic, -1L).offset());
        }
    }

    @ParameterizedTest(name = "fetch v{0}")
    @ValueSource(shorts = {4, 12, 18})
    void shouldHoldFetchUntilDataArrivesWhenLongPolling(short version) throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "longpoll", 1);
        Uuid topicId = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort());
                KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of())) {
            // Nothing arrives: the broker waits max_wait_ms, then answers empty.
            long startNanos = System.nanoTime();
            FetchResponseData.PartitionData empty = fetch(raw, version, topic, topicId, 0, 1_000, 1);
            long waitedMs = (System.nanoTime() - startNanos) / 1_000_000;
            assertEquals(0, ((MemoryRecords) empty.records()).sizeInBytes());
            assertTrue(waitedMs >= 900, "answered after " + waitedMs + " ms, before max_wait_ms");

            // Data arrives while waiting: the answer comes with it, long before max_wait_ms.
            CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(300);
                    producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {7})).get();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            startNanos = System.nanoTime();
            FetchResponseData.PartitionData data = fetch(raw, version, topic, topicId, 0, 15_000, 1);
            waitedMs = (System.nanoTime() - startNanos) / 1_000_000;
            later.get();
            assertTrue(((MemoryRecords) data.records()).sizeInBytes() > 0);
            assertTrue(waitedMs < 10_000, "long poll took " + waitedMs + " ms");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"negative-size", "oversize", "http", "truncated-header", "unknown-api-key", "unsupported-version"})
    void shouldCloseOnlyThatConnectionWhenInputIsBad(String kind) throws Exception {
        try (RawKafkaClient healthy = new RawKafkaClient(server.boundPort());
                RawKafkaClient bad = new RawKafkaClient(server.boundPort())) {
            healthy.send(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData()
                    .setClientSoftwareName("healthy").setClientSoftwareVersion("1"));

            bad.writeRaw(switch (kind) {
                case "negative-size" -> ByteBuffer.allocate(4).putInt(-1).flip();
                case "oversize" -> ByteBuffer.allocate(4).putInt(104_857_601).flip();
                case "http" -> ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                case "truncated-header" -> ByteBuffer.allocate(9).putInt(5).putShort((short) 3).putShort((short) 1).put((byte) 0).flip();
                case "unknown-api-key" -> ByteBuffer.allocate(14).putInt(10).putShort((short) 999).putShort((short) 0)
                        .putInt(1).putShort((short) -1).flip();
                case "unsupported-version" -> ByteBuffer.allocate(14).putInt(10).putShort(ApiKeys.METADATA.id)
                        .putShort((short) 99).putInt(1).putShort((short) -1).flip();
                default -> throw new IllegalArgumentException(kind);
            });

            assertTrue(bad.closedByBroker(), "the broker kept a connection that sent " + kind);
            // The other connection, and new ones, are still served.
            ApiVersionsResponseData stillServed = (ApiVersionsResponseData) healthy.send(ApiKeys.API_VERSIONS, (short) 3,
                    new ApiVersionsRequestData().setClientSoftwareName("healthy").setClientSoftwareVersion("1"));
            assertEquals(Errors.NONE.code(), stillServed.errorCode());
            assertTrue(admin.describeCluster().nodes().get().size() >= 1);
        }
    }

    private static ProduceResponseData produce(RawKafkaClient raw, short version, String topic, Uuid topicId, String... values)
            throws Exception {
        SimpleRecord[] records = Stream.of(values).map(v -> new SimpleRecord(v.getBytes(StandardCharsets.UTF_8)))
                .toArray(SimpleRecord[]::new);
        ProduceRequestData.TopicProduceData data = new ProduceRequestData.TopicProduceData().setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(MemoryRecords.withRecords(Compression.NONE, records))));
        if (version >= 13) {
            data.setTopicId(topicId);
        } else {
            data.setName(topic);
        }
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(data);
        return (ProduceResponseData) raw.send(ApiKeys.PRODUCE, version,
                new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000).setTopicData(topics));
    }

    private FetchResponseData.PartitionData fetchLatest(String topic, Uuid topicId) throws Exception {
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            return fetch(raw, ApiKeys.FETCH.latestVersion(), topic, topicId, 0, 0, 0);
        }
    }

    private static FetchResponseData.PartitionData fetch(RawKafkaClient raw, short version, String topic, Uuid topicId,
            long offset, int maxWaitMs, int minBytes) throws Exception {
        FetchRequestData.FetchPartition partition = new FetchRequestData.FetchPartition().setPartition(0)
                .setFetchOffset(offset).setPartitionMaxBytes(1 << 20);
        FetchRequestData.FetchTopic fetchTopic = new FetchRequestData.FetchTopic().setPartitions(List.of(partition));
        if (version >= 13) {
            fetchTopic.setTopicId(topicId);
        } else {
            fetchTopic.setTopic(topic);
        }
        FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(maxWaitMs).setMinBytes(minBytes)
                .setMaxBytes(50 << 20).setTopics(List.of(fetchTopic));
        if (version >= 7) {
            request.setSessionId(0).setSessionEpoch(-1);
        }
        FetchResponseData response = (FetchResponseData) raw.send(ApiKeys.FETCH, version, request);
        assertEquals(Errors.NONE.code(), response.errorCode());
        return response.responses().get(0).partitions().get(0);
    }

    private static ListOffsetsResponseData.ListOffsetsPartitionResponse listOffset(RawKafkaClient raw, short version, String topic,
            long timestamp) throws Exception {
        ListOffsetsResponseData response = (ListOffsetsResponseData) raw.send(ApiKeys.LIST_OFFSETS, version,
                new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic()
                        .setName(topic).setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                .setPartitionIndex(0).setTimestamp(timestamp))))));
        ListOffsetsResponseData.ListOffsetsPartitionResponse p = response.topics().get(0).partitions().get(0);
        assertEquals(Errors.NONE.code(), p.errorCode());
        return p;
    }
}
