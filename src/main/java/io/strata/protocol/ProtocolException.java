package io.strata.protocol;

/**
 * A request that cannot be served as sent. The server closes the connection for every subclass
 * except {@link UnsupportedVersionException} of ApiVersions, which gets Kafka's v0 fallback answer.
 */
public class ProtocolException extends RuntimeException {

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A frame whose size prefix is negative or above {@code socket.request.max.bytes}. */
    public static final class InvalidFrameSizeException extends ProtocolException {
        public InvalidFrameSizeException(String message) {
            super(message);
        }
    }

    /** A frame too short for a request header, or a header or body that does not parse. */
    public static final class MalformedRequestException extends ProtocolException {
        public MalformedRequestException(String message) {
            super(message);
        }

        public MalformedRequestException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An API key that kafka-clients does not know, or that this broker does not serve. */
    public static final class UnknownApiKeyException extends ProtocolException {
        private final short apiKey;

        public UnknownApiKeyException(short apiKey) {
            super("Unknown or unsupported API key " + apiKey);
            this.apiKey = apiKey;
        }

        public short apiKey() {
            return apiKey;
        }
    }

    /** A known API key at a version outside {@link SupportedApis}; carries what was read of the header. */
    public static final class UnsupportedVersionException extends ProtocolException {
        private final org.apache.kafka.common.protocol.ApiKeys apiKey;
        private final short apiVersion;
        private final int correlationId;

        public UnsupportedVersionException(org.apache.kafka.common.protocol.ApiKeys apiKey, short apiVersion, int correlationId) {
            super("Unsupported version " + apiVersion + " of " + apiKey.name + " (supported: "
                    + SupportedApis.range(apiKey).map(VersionRange::toString).orElse("none") + ")");
            this.apiKey = apiKey;
            this.apiVersion = apiVersion;
            this.correlationId = correlationId;
        }

        public org.apache.kafka.common.protocol.ApiKeys apiKey() {
            return apiKey;
        }

        public short apiVersion() {
            return apiVersion;
        }

        public int correlationId() {
            return correlationId;
        }
    }
}
