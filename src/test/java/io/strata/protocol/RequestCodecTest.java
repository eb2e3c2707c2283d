package io.strata.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strata.protocol.ProtocolException.MalformedRequestException;
import io.strata.protocol.ProtocolException.UnknownApiKeyException;
import io.strata.protocol.ProtocolException.UnsupportedVersionException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestCodecTest {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 4, 7})
    void shouldRejectFrameWhenShorterThanFixedHeader(int lengthBytes) {
        ByteBuffer frame = ByteBuffer.allocate(lengthBytes);

        assertThrows(MalformedRequestException.class, () -> RequestCodec.decode(frame));
    }

    @Test
    void shouldRejectHeaderWhenClientIdRunsPastTheFrame() {
        ByteBuffer frame = ByteBuffer.allocate(10)
                .putShort(ApiKeys.METADATA.id).putShort((short) 1).putInt(5).putShort((short) 200).flip();

        assertThrows(MalformedRequestException.class, () -> RequestCodec.decode(frame));
    }

    @Test
    void shouldRejectBodyWhenTruncated() {
        ByteBuffer full = frame(ApiKeys.METADATA, (short) 12, new MetadataRequestData()
                .setTopics(java.util.List.of(new MetadataRequestData.MetadataRequestTopic().setName("orders"))));
        ByteBuffer truncated = full.slice(0, full.remaining() - 5);

        assertThrows(MalformedRequestException.class, () -> RequestCodec.decode(truncated));
    }

    @ParameterizedTest(name = "api key {0}")
    @ValueSource(shorts = {-1, 999, 24 /* AddPartitionsToTxn: known to Kafka, not served (no transactions) */})
    void shouldRejectApiKeyWhenUnknownOrNotServed(short apiKey) {
        ByteBuffer frame = ByteBuffer.allocate(10).putShort(apiKey).putShort((short) 0).putInt(1).putShort((short) -1).flip();

        UnknownApiKeyException e = assertThrows(UnknownApiKeyException.class, () -> RequestCodec.decode(frame));
        assertEquals(apiKey, e.apiKey());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"API_VERSIONS:5", "API_VERSIONS:32767", "PRODUCE:2", "FETCH:3", "METADATA:14", "FETCH:-1"})
    void shouldReportCorrelationIdWhenVersionUnsupported(String keyAndVersion) {
        ApiKeys key = ApiKeys.valueOf(keyAndVersion.split(":")[0]);
        short version = Short.parseShort(keyAndVersion.split(":")[1]);
        // Body bytes of an unknown version are never looked at: random junk must not matter.
        ByteBuffer frame = ByteBuffer.allocate(22).putShort(key.id).putShort(version).putInt(12345)
                .putShort((short) -1).putLong(0xdeadbeefL).putShort((short) 77).putShort((short) 3).flip();

        UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class, () -> RequestCodec.decode(frame));
        assertEquals(key, e.apiKey());
        assertEquals(version, e.apiVersion());
        assertEquals(12345, e.correlationId());
    }

    @Test
    void shouldAcceptNullClientIdWhenHeaderVersionOne() {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKeys.METADATA.id)
                .setRequestApiVersion((short) 1).setCorrelationId(3).setClientId(null);
        ByteBuffer framed = RequestCodec.encode(header, new MetadataRequestData().setTopics(null));
        framed.getInt();

        KafkaRequest request = RequestCodec.decode(framed.slice());

        assertEquals("", request.clientId());
        assertEquals(null, ((MetadataRequestData) request.body()).topics());
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void shouldWriteHeaderVersionZeroWhenApiVersionsResponse(short version) {
        ApiVersionsResponseData body = new ApiVersionsResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code());

        ByteBuffer framed = ResponseCodec.encode(ApiKeys.API_VERSIONS, version, 77, body);

        framed.getInt(); // size
        assertEquals(77, framed.getInt());
        // Header v0 is the correlation id alone: the error code follows without a tagged-field byte.
        assertEquals(Errors.UNSUPPORTED_VERSION.code(), framed.getShort());
    }

    @Test
    void shouldWriteFlexibleHeaderWhenResponseVersionIsFlexible() {
        assertEquals(1, ResponseCodec.headerVersion(ApiKeys.METADATA, (short) 9));
        assertEquals(0, ResponseCodec.headerVersion(ApiKeys.METADATA, (short) 8));
        assertEquals(0, ResponseCodec.headerVersion(ApiKeys.API_VERSIONS, (short) 4));
    }

    private static ByteBuffer frame(ApiKeys key, short version, org.apache.kafka.common.protocol.ApiMessage body) {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                .setCorrelationId(1).setClientId("test");
        ByteBuffer framed = RequestCodec.encode(header, body);
        framed.getInt();
        return framed.slice();
    }
}
