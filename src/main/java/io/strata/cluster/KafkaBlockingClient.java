package io.strata.cluster;

import io.strata.protocol.RequestCodec;
import io.strata.protocol.ResponseCodec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * A blocking Kafka client over one socket, for broker-to-broker requests (a replica fetcher talking
 * to a leader): one request at a time, written and read with the codecs in {@code io.strata.protocol}.
 * Any I/O failure leaves it unusable; the owner closes it and connects again.
 *
 * <p>Not thread-safe: owned by one fetcher thread.
 */
final class KafkaBlockingClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String clientId;
    private final String address;
    private int nextCorrelationId = 1;
    /** When the broker will stop serving this connection's SASL session (KIP-368); MAX_VALUE for never. */
    private long sessionExpiresAtNanos = Long.MAX_VALUE;

    /**
     * Connects, over TLS when {@code tls} is given: the handshake completes here and checks the
     * server's certificate against {@code host} (HTTPS endpoint identification, as Kafka's default).
     */
    KafkaBlockingClient(String host, int port, String clientId, int connectTimeoutMs, int readTimeoutMs,
            SSLSocketFactory tls) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            s.setSoTimeout(readTimeoutMs);
            if (tls != null) {
                SSLSocket secured = (SSLSocket) tls.createSocket(s, host, port, true);
                SSLParameters parameters = secured.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secured.setSSLParameters(parameters);
                secured.startHandshake();
                s = secured;
            }
            this.in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream(), 64 * 1024));
            this.out = s.getOutputStream();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        this.socket = s;
        this.clientId = clientId;
        this.address = host + ":" + port;
    }

    /** {@code host:port} as connected to. */
    String address() {
        return address;
    }

    /** Sends one request and returns the decoded {@code *ResponseData}. */
    ApiMessage send(ApiKeys key, short version, ApiMessage body) throws IOException {
        int correlationId = nextCorrelationId++;
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId(clientId);
        ByteBuffer frame = RequestCodec.encode(header, body);
        out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        out.flush();
        int sizeBytes = in.readInt();
        if (sizeBytes < 0) {
            throw new IOException("Negative response size " + sizeBytes);
        }
        byte[] response = new byte[sizeBytes];
        in.readFully(response);
        ResponseCodec.DecodedResponse decoded = ResponseCodec.decode(ByteBuffer.wrap(response), key, version);
        if (decoded.header().correlationId() != correlationId) {
            throw new IOException("Response correlation id " + decoded.header().correlationId() + " != " + correlationId);
        }
        return decoded.body();
    }

    /** Records the session lifetime a SaslAuthenticate answer granted (0: unlimited). */
    void sessionLifetime(long lifetimeMs) {
        if (lifetimeMs > 0) {
            // Reconnect at 90% of the lifetime, before the broker would refuse our next request.
            sessionExpiresAtNanos = System.nanoTime() + lifetimeMs * 900_000L;
        }
    }

    /** Whether the SASL session is (nearly) over, so the owner should connect again. */
    boolean sessionExpired() {
        return System.nanoTime() - sessionExpiresAtNanos >= 0;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
