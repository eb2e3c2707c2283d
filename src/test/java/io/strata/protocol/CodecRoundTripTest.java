package io.strata.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every advertised API at every advertised version: what we write, kafka-clients' own request and
 * response parsers read back unchanged, and what kafka-clients would send, we read unchanged.
 */
class CodecRoundTripTest {

    static Stream<Arguments> supportedVersions() {
        return SupportedApis.all().entrySet().stream().flatMap(e -> {
            VersionRange range = e.getValue();
            return Stream.iterate(range.minVersion(), v -> v <= range.maxVersion(), v -> (short) (v + 1))
                    .map(v -> Arguments.of(e.getKey(), v));
        });
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("supportedVersions")
    void shouldDecodeRequestWhenEncodedAtSupportedVersion(ApiKeys key, short version) {
        ApiMessage sample = ProtocolSamples.request(key, version);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                .setCorrelationId(4711).setClientId("round-trip");

        ByteBuffer frame = withoutSizePrefix(RequestCodec.encode(header, sample));
        KafkaRequest decoded = RequestCodec.decode(frame.duplicate());

        assertEquals(key, decoded.apiKey());
        assertEquals(version, decoded.apiVersion());
        assertEquals(4711, decoded.correlationId());
        assertEquals("round-trip", decoded.clientId());
        assertEquals(sample, decoded.body());
        // kafka-clients' own parser (the broker-side code path of Apache Kafka) agrees on the bytes.
        ByteBuffer forKafka = frame.duplicate();
        RequestHeader kafkaHeader = RequestHeader.parse(forKafka);
        AbstractRequest kafkaRequest = AbstractRequest.parseRequest(key, version, new ByteBufferAccessor(forKafka)).request;
        assertEquals(4711, kafkaHeader.correlationId());
        assertEquals(sample, kafkaRequest.data());
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("supportedVersions")
    void shouldBeReadableByKafkaClientWhenResponseEncodedAtSupportedVersion(ApiKeys key, short version) {
        ApiMessage sample = ProtocolSamples.response(key, version);

        ByteBuffer frame = withoutSizePrefix(ResponseCodec.encode(key, version, 99, sample));

        RequestHeader requestHeader = new RequestHeader(key, version, "round-trip", 99);
        AbstractResponse parsedByClient = AbstractResponse.parseResponse(frame.duplicate(), requestHeader);
        assertEquals(sample, parsedByClient.data());
        ResponseCodec.DecodedResponse decoded = ResponseCodec.decode(frame.duplicate(), key, version);
        assertEquals(99, decoded.header().correlationId());
        assertEquals(sample, decoded.body());
    }

    static ByteBuffer withoutSizePrefix(ByteBuffer framed) {
        int sizeBytes = framed.getInt();
        assertEquals(framed.remaining(), sizeBytes, "size prefix must equal the frame length");
        return framed.slice();
    }
}
