package io.strata.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.protocol.ProtocolSamples;
import io.strata.protocol.RequestCodec;
import io.strata.protocol.ResponseCodec;
import io.strata.protocol.SupportedApis;
import io.strata.protocol.VersionRange;
import jakarta.inject.Inject;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the Kafka listener: valid frames built from the codec tests' sample requests, for
 * every supported API key and version, are mutated (bit flips, byte overwrites, truncation, garbage
 * appended, size prefix corrupted, API key/version swapped, string and array lengths corrupted) and
 * sent over raw sockets, several per connection.
 *
 * <p>What must hold: every answer parses as the response of the key, version and correlation id the
 * broker read from the mutated header (or the connection is closed); a size prefix that is negative or
 * over {@code socket.request.max.bytes} closes the connection; a fresh client gets ApiVersions and
 * Metadata answered every {@value #PROBE_EVERY} frames and at the end; and the records acknowledged
 * before the fuzzing read back unchanged afterwards.
 *
 * <p>Each frame is followed by a sentinel ApiVersions request, so the test knows when the broker has
 * answered everything it will answer (a produce with acks=0 gets nothing). One connection at a time,
 * frames in a fixed order: a seed replays the same byte sequence. The mutations stay away from the
 * checked topic (its name is in no sample) and from unbounded side effects: JoinGroup gets a group of
 * its own per frame (a shared group would make every join wait out the previous members' rebalance
 * timeout) and CreatePartitions is sent with {@code validate_only}.
 */
@QuarkusTest
class KafkaFrameFuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 20_261_121L);
    static final int FRAMES = Integer.getInteger("fuzz.frames", 10_000);
    static final int PROBE_EVERY = 500;
    /** Long enough for any handler's normal path; a request slower than this is abandoned and counted. */
    static final int ANSWER_TIMEOUT_MS = 3_000;
    static final int DESYNC_TIMEOUT_MS = 200;
    static final int CHECKED_RECORDS = 200;
    static final int MAX_FRAME_BYTES = 100 * 1024 * 1024;
    static final short SENTINEL_VERSION = 3;

    @Inject
    KafkaServer server;

    /** How the size prefix of a mutant relates to the bytes that follow it. */
    enum Framing {
        /** The prefix matches: the broker sees exactly the mutated frame. */
        EXACT,
        /** Negative or over the limit: the broker must close the connection. */
        INVALID_SIZE,
        /** In range but wrong: the broker splits the stream elsewhere, so answers cannot be predicted. */
        DESYNC
    }

    record Mutant(String kind, Framing framing, byte[] body, int sizePrefix) {

        byte[] wire() {
            ByteBuffer b = ByteBuffer.allocate(4 + body.length);
            b.putInt(sizePrefix).put(body);
            return b.array();
        }
    }

    enum Outcome { ANSWERED, SILENT, CLOSED, TIMED_OUT }

    record Acked(int partition, long offset, String key, String value) {}

    @Test
    void shouldKeepServingAndKeepAcknowledgedRecordsWhenFramesAreMutated() throws Exception {
        System.out.println("KafkaFrameFuzzTest: seed " + SEED + ", " + FRAMES + " frames (override with -Dfuzz.seed / -Dfuzz.frames)");
        String topic;
        try (Admin admin = KafkaTestSupport.admin(server)) {
            topic = KafkaTestSupport.createTopic(admin, "fuzz-checked", 2);
        }
        List<Acked> acknowledged = produceKnownRecords(topic);
        List<ApiKeys> keys = new ArrayList<>(SupportedApis.all().keySet());
        assertNoSampleNames(keys, topic);

        Random random = new Random(SEED);
        Map<ApiKeys, int[]> perKey = new EnumMap<>(ApiKeys.class); // answered, silent, closed, timed out
        Map<String, Integer> perKind = new TreeMap<>();
        List<String> timeouts = new ArrayList<>();
        FuzzConnection connection = null;
        long started = System.nanoTime();
        try {
            for (int i = 0; i < FRAMES; i++) {
                ApiKeys key = keys.get(random.nextInt(keys.size()));
                VersionRange range = SupportedApis.range(key).orElseThrow();
                short version = (short) (range.minVersion() + random.nextInt(range.maxVersion() - range.minVersion() + 1));
                byte[] valid = validFrame(key, version, i);
                Mutant mutant = mutate(valid, random, keys);
                perKind.merge(mutant.kind(), 1, Integer::sum);
                if (connection == null) {
                    connection = new FuzzConnection(server.boundPort());
                }
                Outcome outcome = connection.exchange(mutant, i);
                perKey.computeIfAbsent(key, k -> new int[4])[outcome.ordinal()]++;
                if (outcome == Outcome.TIMED_OUT) {
                    timeouts.add("#" + i + " " + key + " v" + version + " " + mutant.kind());
                }
                if (outcome == Outcome.CLOSED || outcome == Outcome.TIMED_OUT) {
                    connection.close();
                    connection = null;
                }
                if ((i + 1) % PROBE_EVERY == 0) {
                    probe(topic);
                }
            }
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        probe(topic);

        int[] totals = new int[4];
        perKey.forEach((k, counts) -> {
            System.out.printf("  %-26s answered %4d  silent %3d  closed %4d  timed out %2d%n", k, counts[0], counts[1], counts[2], counts[3]);
            for (int j = 0; j < 4; j++) {
                totals[j] += counts[j];
            }
        });
        System.out.println("  mutations " + perKind + "; " + seconds + " s; timed out: " + timeouts);
        assertEquals(acknowledged, readBack(topic), "records acknowledged before the fuzzing read back unchanged");
        // The fuzzer must get past the decoder often enough to exercise the handlers, and slow requests must stay rare.
        assertTrue(totals[0] > FRAMES / 5, "too few frames answered to exercise the handlers: " + Arrays.toString(totals));
        assertTrue(totals[3] <= Math.max(3, FRAMES / 500), "too many requests never answered: " + timeouts);
    }

    // ------------------------------------------------------------------ frames and mutations

    /** The sample request of {@code key} at {@code version}, aimed as the class comment says, without its size prefix. */
    static byte[] validFrame(ApiKeys key, short version, int index) {
        ApiMessage body = ProtocolSamples.request(key, version);
        if (body instanceof JoinGroupRequestData join) {
            join.setGroupId("fuzz-join-" + index);
        } else if (body instanceof CreatePartitionsRequestData create) {
            create.setValidateOnly(true);
        }
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                .setCorrelationId(index).setClientId("fuzz");
        ByteBuffer frame = RequestCodec.encode(header, body);
        frame.getInt(); // size prefix
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return bytes;
    }

    static Mutant mutate(byte[] valid, Random random, List<ApiKeys> keys) {
        int choice = random.nextInt(16);
        return switch (choice) {
            case 0, 1, 2 -> exact("bit-flip", flipBits(valid.clone(), random));
            case 3, 4 -> exact("overwrite", overwrite(valid.clone(), random));
            case 5 -> exact("truncate", Arrays.copyOf(valid, random.nextInt(valid.length)));
            case 6 -> exact("extend", extend(valid, random));
            case 7 -> corruptSize(valid, random);
            case 8, 9 -> exact("swap-key-version", swapKeyVersion(valid.clone(), random, keys));
            case 10, 11, 12 -> exact("length", corruptLength(valid.clone(), random));
            case 13 -> exact("flip+length", corruptLength(flipBits(valid.clone(), random), random));
            case 14 -> exact("overwrite+truncate", Arrays.copyOf(overwrite(valid.clone(), random), 1 + random.nextInt(valid.length)));
            default -> exact("unchanged", valid.clone()); // valid frames keep the connection (and handler state) going
        };
    }

    private static Mutant exact(String kind, byte[] body) {
        return new Mutant(kind, Framing.EXACT, body, body.length);
    }

    private static byte[] flipBits(byte[] b, Random random) {
        if (b.length == 0) {
            return b;
        }
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            int bit = random.nextInt(b.length * 8);
            b[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return b;
    }

    private static final byte[] INTERESTING_BYTES = {0, 1, -1, 0x7f, (byte) 0x80, 2, 0x40};

    private static byte[] overwrite(byte[] b, Random random) {
        for (int n = 1 + random.nextInt(4); n > 0 && b.length > 0; n--) {
            b[random.nextInt(b.length)] = random.nextBoolean()
                    ? INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)] : (byte) random.nextInt(256);
        }
        return b;
    }

    private static byte[] extend(byte[] valid, Random random) {
        byte[] garbage = new byte[1 + random.nextInt(64)];
        random.nextBytes(garbage);
        byte[] out = Arrays.copyOf(valid, valid.length + garbage.length);
        System.arraycopy(garbage, 0, out, valid.length, garbage.length);
        return out;
    }

    private static Mutant corruptSize(byte[] valid, Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> new Mutant("size-negative", Framing.INVALID_SIZE, valid, random.nextBoolean() ? -1 : Integer.MIN_VALUE + random.nextInt(1000));
            case 1 -> new Mutant("size-too-large", Framing.INVALID_SIZE, valid,
                    MAX_FRAME_BYTES + 1 + random.nextInt(Integer.MAX_VALUE - MAX_FRAME_BYTES - 1));
            case 2 -> new Mutant("size-short", Framing.DESYNC, valid, random.nextInt(valid.length));
            default -> new Mutant("size-long", Framing.DESYNC, valid, valid.length + 1 + random.nextInt(32));
        };
    }

    /** Puts another API key and version over the header; the body stays the original one. */
    private static byte[] swapKeyVersion(byte[] b, Random random, List<ApiKeys> keys) {
        ByteBuffer header = ByteBuffer.wrap(b);
        switch (random.nextInt(4)) {
            case 0 -> header.putShort(0, (short) random.nextInt(100)); // often a key this broker does not serve
            case 1 -> header.putShort(2, (short) (random.nextInt(40) - 2)); // any version, supported or not
            default -> {
                ApiKeys other = keys.get(random.nextInt(keys.size()));
                VersionRange range = SupportedApis.range(other).orElseThrow();
                header.putShort(0, other.id);
                header.putShort(2, (short) (range.minVersion() - 1 + random.nextInt(range.maxVersion() - range.minVersion() + 3)));
            }
        }
        return b;
    }

    /**
     * Overwrites a length field: the prefix of a string found in the body (int16 or compact varint) or an
     * int32 that looks like a small array count, with a value just off or far off.
     */
    private static byte[] corruptLength(byte[] b, Random random) {
        List<int[]> candidates = new ArrayList<>(); // {position, width, original value}
        ByteBuffer buf = ByteBuffer.wrap(b);
        for (int p = FIXED_HEADER_BYTES; p < b.length; p++) {
            int run = printableRun(b, p);
            if (run >= 2 && (p == 0 || !printable(b[p - 1]) || p >= 2 && buf.getShort(p - 2) == run)) {
                if (p >= 2 && buf.getShort(p - 2) == run) {
                    candidates.add(new int[] {p - 2, 2, run});
                } else if (p >= 1 && b[p - 1] == run + 1) {
                    candidates.add(new int[] {p - 1, 1, run});
                }
                p += run - 1;
                continue;
            }
            if (p + 4 <= b.length && buf.getInt(p) >= 1 && buf.getInt(p) <= 4) {
                candidates.add(new int[] {p, 4, buf.getInt(p)});
            }
        }
        if (candidates.isEmpty()) {
            return overwrite(b, random);
        }
        int[] c = candidates.get(random.nextInt(candidates.size()));
        int original = c[2];
        switch (c[1]) {
            case 1 -> b[c[0]] = new byte[] {0, 1, (byte) 0xff, 0x7f, (byte) (original + 2), (byte) original}[random.nextInt(6)];
            case 2 -> buf.putShort(c[0], new short[] {-1, -2, 0, Short.MAX_VALUE, (short) (original + 1), (short) (original - 1)}[random.nextInt(6)]);
            default -> buf.putInt(c[0], new int[] {-1, -2, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 20, original + 1}[random.nextInt(7)]);
        }
        return b;
    }

    /** api key, api version, correlation id: the part of every request header the broker reads first. */
    private static final int FIXED_HEADER_BYTES = 8;

    private static int printableRun(byte[] b, int p) {
        int n = 0;
        while (p + n < b.length && printable(b[p + n])) {
            n++;
        }
        return n;
    }

    private static boolean printable(byte c) {
        return c >= 0x21 && c <= 0x7e;
    }

    private static void assertNoSampleNames(List<ApiKeys> keys, String checkedTopic) {
        byte[] name = checkedTopic.getBytes(StandardCharsets.UTF_8);
        for (ApiKeys key : keys) {
            VersionRange range = SupportedApis.range(key).orElseThrow();
            for (short v = range.minVersion(); v <= range.maxVersion(); v++) {
                String frame = new String(validFrame(key, v, 0), StandardCharsets.ISO_8859_1);
                assertFalse(frame.contains(new String(name, StandardCharsets.ISO_8859_1)), key + " v" + v + " names the checked topic");
            }
        }
        assertFalse(checkedTopic.equals(ProtocolSamples.TOPIC));
    }

    // ------------------------------------------------------------------ the wire

    /** One raw connection; tracks nothing across frames except the socket. Not thread-safe. */
    static final class FuzzConnection implements AutoCloseable {

        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        FuzzConnection(int port) throws IOException {
            socket = new Socket("localhost", port);
            socket.setTcpNoDelay(true);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        Outcome exchange(Mutant mutant, int index) throws IOException {
            // Many bits away from the frame's own id (its index), so no bit flip turns one into the other.
            int sentinelId = index ^ 0x5A5A5A5A;
            if (mutant.body().length >= FIXED_HEADER_BYTES && ByteBuffer.wrap(mutant.body()).getInt(4) == sentinelId) {
                sentinelId = ~sentinelId;
            }
            try {
                out.write(mutant.wire());
                if (mutant.framing() != Framing.INVALID_SIZE) {
                    out.write(sentinel(sentinelId));
                }
                out.flush();
            } catch (IOException e) {
                return Outcome.CLOSED; // the broker closed on an earlier frame of this connection
            }
            return switch (mutant.framing()) {
                case INVALID_SIZE -> {
                    assertTrue(closedWithin(ANSWER_TIMEOUT_MS), "frame size " + mutant.sizePrefix() + " did not close the connection");
                    yield Outcome.CLOSED;
                }
                case DESYNC -> {
                    // Whatever the broker makes of the shifted stream is unpredictable: drain briefly and start over.
                    closedWithin(DESYNC_TIMEOUT_MS);
                    yield Outcome.CLOSED;
                }
                case EXACT -> readAnswers(mutant, index, sentinelId);
            };
        }

        private Outcome readAnswers(Mutant mutant, int index, int sentinelId) throws IOException {
            socket.setSoTimeout(ANSWER_TIMEOUT_MS);
            boolean answered = false;
            while (true) {
                byte[] frame;
                try {
                    int size = in.readInt();
                    assertTrue(size >= 4 && size <= MAX_FRAME_BYTES, "response size " + size);
                    frame = new byte[size];
                    in.readFully(frame);
                } catch (SocketTimeoutException e) {
                    return Outcome.TIMED_OUT;
                } catch (EOFException e) {
                    return Outcome.CLOSED;
                } catch (IOException e) {
                    return Outcome.CLOSED; // reset
                }
                int correlationId = ByteBuffer.wrap(frame).getInt(0);
                if (correlationId == sentinelId) {
                    ApiVersionsResponseData sentinel = (ApiVersionsResponseData) parse(frame, ApiKeys.API_VERSIONS, SENTINEL_VERSION, sentinelId);
                    assertEquals(Errors.NONE.code(), sentinel.errorCode());
                    return answered ? Outcome.ANSWERED : Outcome.SILENT;
                }
                assertFalse(answered, "two answers to frame #" + index);
                answered = true;
                checkAnswer(mutant, index, frame, correlationId);
            }
        }

        /** An answer must be the response of what the broker read in the mutated header. */
        private static void checkAnswer(Mutant mutant, int index, byte[] frame, int correlationId) {
            String what = "frame #" + index + " (" + mutant.kind() + ")";
            byte[] body = mutant.body();
            assertTrue(body.length >= FIXED_HEADER_BYTES, what + ": answered a frame shorter than a header");
            ByteBuffer header = ByteBuffer.wrap(body);
            short keyId = header.getShort(0);
            short version = header.getShort(2);
            assertEquals(header.getInt(4), correlationId, what + ": correlation id");
            assertTrue(ApiKeys.hasId(keyId), what + ": answered unknown api key " + keyId);
            ApiKeys key = ApiKeys.forId(keyId);
            if (SupportedApis.isSupported(key, version)) {
                parse(frame, key, version, correlationId);
            } else {
                assertEquals(ApiKeys.API_VERSIONS, key, what + ": answered unsupported " + key + " v" + version);
                ApiVersionsResponseData fallback = (ApiVersionsResponseData) parse(frame, key, (short) 0, correlationId);
                assertEquals(Errors.UNSUPPORTED_VERSION.code(), fallback.errorCode(), what);
            }
        }

        private static ApiMessage parse(byte[] frame, ApiKeys key, short version, int correlationId) {
            ByteBuffer buffer = ByteBuffer.wrap(frame);
            ApiMessage body;
            try {
                ResponseHeaderData header = new ResponseHeaderData(new ByteBufferAccessor(buffer), ResponseCodec.headerVersion(key, version));
                assertEquals(correlationId, header.correlationId());
                body = key.messageType.newResponse();
                body.read(new ByteBufferAccessor(buffer), version);
            } catch (RuntimeException e) {
                throw new AssertionError("The " + key + " v" + version + " response does not parse: " + e, e);
            }
            assertFalse(buffer.hasRemaining(), key + " v" + version + " response has " + buffer.remaining() + " trailing bytes");
            return body;
        }

        private boolean closedWithin(int timeoutMs) throws IOException {
            socket.setSoTimeout(timeoutMs);
            try {
                while (true) {
                    if (in.read() == -1) {
                        return true;
                    }
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset
            }
        }

        private static byte[] sentinel(int correlationId) {
            RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKeys.API_VERSIONS.id)
                    .setRequestApiVersion(SENTINEL_VERSION).setCorrelationId(correlationId).setClientId("fuzz-sentinel");
            return RequestCodec.encode(header, new ApiVersionsRequestData().setClientSoftwareName("fuzz")
                    .setClientSoftwareVersion("1")).array();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    // ------------------------------------------------------------------ liveness and stored data

    /** A fresh client must be served promptly: ApiVersions, then Metadata naming the checked topic. */
    private void probe(String topic) throws IOException {
        try (RawKafkaClient client = new RawKafkaClient(server.boundPort())) {
            ApiVersionsResponseData versions = (ApiVersionsResponseData) client.send(ApiKeys.API_VERSIONS, (short) 3,
                    new ApiVersionsRequestData().setClientSoftwareName("probe").setClientSoftwareVersion("1"));
            assertEquals(Errors.NONE.code(), versions.errorCode());
            MetadataResponseData metadata = (MetadataResponseData) client.send(ApiKeys.METADATA, (short) 12,
                    new MetadataRequestData().setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(topic))));
            MetadataResponseData.MetadataResponseTopic described = metadata.topics().find(topic);
            assertEquals(Errors.NONE.code(), described.errorCode());
            assertEquals(2, described.partitions().size());
        } catch (IOException e) {
            fail("a fresh client was not served after fuzzing: " + e, e);
        }
    }

    private List<Acked> produceKnownRecords(String topic) throws Exception {
        List<Acked> acked = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, Map.of(
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true))) {
            List<java.util.concurrent.Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < CHECKED_RECORDS; i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, i % 2, bytes("k" + i), bytes("v" + i))));
            }
            for (int i = 0; i < CHECKED_RECORDS; i++) {
                RecordMetadata m = sends.get(i).get();
                acked.add(new Acked(m.partition(), m.offset(), "k" + i, "v" + i));
            }
        }
        acked.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        return acked;
    }

    private List<Acked> readBack(String topic) {
        List<Acked> read = new ArrayList<>();
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, Map.of())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + 20_000;
            while (read.size() < CHECKED_RECORDS && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    read.add(new Acked(r.partition(), r.offset(), new String(r.key(), StandardCharsets.UTF_8),
                            new String(r.value(), StandardCharsets.UTF_8)));
                }
            }
            // End offsets as well: nothing may have been appended to the checked topic either.
            assertEquals(Map.of(partitions.get(0), (long) CHECKED_RECORDS / 2, partitions.get(1), (long) CHECKED_RECORDS / 2),
                    consumer.endOffsets(partitions));
        }
        read.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        return read;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
