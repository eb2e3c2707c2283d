package io.strata.protocol;

import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * Writes responses (server side) and reads them (client side) with kafka-clients' generated
 * classes. The header is v1 (with tagged fields) for flexible versions and v0 otherwise, except
 * that an ApiVersions response always has header v0: a client that does not yet know which
 * versions the broker speaks must be able to read it.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResponseCodec {

    private ResponseCodec() {}

    public static short headerVersion(ApiKeys apiKey, short apiVersion) {
        return apiKey == ApiKeys.API_VERSIONS ? 0 : apiKey.responseHeaderVersion(apiVersion);
    }

    /** Encodes a response into one frame, size prefix included. */
    public static ByteBuffer encode(ApiKeys apiKey, short apiVersion, int correlationId, ApiMessage body) {
        short headerVersion = headerVersion(apiKey, apiVersion);
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int sizeBytes = header.size(cache, headerVersion) + body.size(cache, apiVersion);
        ByteBuffer buffer = ByteBuffer.allocate(FrameDecoder.SIZE_PREFIX_BYTES + sizeBytes);
        buffer.putInt(sizeBytes);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, apiVersion);
        return buffer.flip();
    }

    /** A decoded response: the header and a generated {@code *ResponseData}. */
    public record DecodedResponse(ResponseHeaderData header, ApiMessage body) {}

    /** Decodes one response frame (without its size prefix) of a request sent at {@code apiVersion}. */
    public static DecodedResponse decode(ByteBuffer frame, ApiKeys apiKey, short apiVersion) {
        ByteBufferAccessor accessor = new ByteBufferAccessor(frame);
        ResponseHeaderData header = new ResponseHeaderData(accessor, headerVersion(apiKey, apiVersion));
        ApiMessage body = apiKey.messageType.newResponse();
        body.read(accessor, apiVersion);
        return new DecodedResponse(header, body);
    }
}
