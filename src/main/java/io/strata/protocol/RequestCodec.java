package io.strata.protocol;

import io.strata.protocol.ProtocolException.MalformedRequestException;
import io.strata.protocol.ProtocolException.UnknownApiKeyException;
import io.strata.protocol.ProtocolException.UnsupportedVersionException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * Reads requests (server side) and writes them (client side: replica fetchers, tests) with
 * kafka-clients' generated classes. The header version follows the API key and version
 * ({@link ApiKeys#requestHeaderVersion}): v1 (nullable client id) or v2 (plus tagged fields) for
 * flexible versions.
 *
 * <p>Stateless and thread-safe.
 */
public final class RequestCodec {

    /** api_key int16 + api_version int16 + correlation_id int32: what every header version starts with. */
    static final int FIXED_HEADER_BYTES = 8;

    private RequestCodec() {}

    /**
     * Decodes one frame (without its size prefix). The frame's bytes are not copied: the body may
     * keep slices of {@code frame}.
     *
     * @throws MalformedRequestException the frame is shorter than a header, or the header or body does not parse
     * @throws UnknownApiKeyException the API key is not one this broker serves
     * @throws UnsupportedVersionException the version is outside {@link SupportedApis}; the body is left unread
     */
    public static KafkaRequest decode(ByteBuffer frame) {
        if (frame.remaining() < FIXED_HEADER_BYTES) {
            throw new MalformedRequestException("Truncated request header: " + frame.remaining() + " bytes");
        }
        int start = frame.position();
        short apiKeyId = frame.getShort(start);
        short apiVersion = frame.getShort(start + 2);
        int correlationId = frame.getInt(start + 4);
        if (!ApiKeys.hasId(apiKeyId) || SupportedApis.range(ApiKeys.forId(apiKeyId)).isEmpty()) {
            throw new UnknownApiKeyException(apiKeyId);
        }
        ApiKeys apiKey = ApiKeys.forId(apiKeyId);
        if (!SupportedApis.isSupported(apiKey, apiVersion)) {
            // The body's schema is unknown, so stop here; ApiVersions still gets its fallback answer.
            throw new UnsupportedVersionException(apiKey, apiVersion, correlationId);
        }
        ByteBufferAccessor accessor = new ByteBufferAccessor(frame);
        RequestHeaderData header;
        try {
            header = new RequestHeaderData(accessor, apiKey.requestHeaderVersion(apiVersion));
        } catch (RuntimeException e) {
            throw new MalformedRequestException("Cannot parse the " + apiKey.name + " v" + apiVersion + " request header: " + e, e);
        }
        ApiMessage body = apiKey.messageType.newRequest();
        try {
            body.read(accessor, apiVersion);
        } catch (RuntimeException e) {
            throw new MalformedRequestException("Cannot parse the " + apiKey.name + " v" + apiVersion + " request body: " + e, e);
        }
        return new KafkaRequest(header, apiKey, apiVersion, body);
    }

    /** Encodes a request into one frame, size prefix included, ready to be written to a socket. */
    public static ByteBuffer encode(RequestHeaderData header, ApiMessage body) {
        ApiKeys apiKey = ApiKeys.forId(header.requestApiKey());
        short apiVersion = header.requestApiVersion();
        short headerVersion = apiKey.requestHeaderVersion(apiVersion);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int sizeBytes = header.size(cache, headerVersion) + body.size(cache, apiVersion);
        ByteBuffer buffer = ByteBuffer.allocate(FrameDecoder.SIZE_PREFIX_BYTES + sizeBytes);
        buffer.putInt(sizeBytes);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, apiVersion);
        return buffer.flip();
    }
}
