package io.strata.cluster;

import io.strata.protocol.RequestCodec;
import io.strata.protocol.ResponseCodec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
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

    KafkaBlockingClient(String host, int port, String clientId, int connectTimeoutMs, int readTimeoutMs) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            s.setSoTimeout(readTimeoutMs);
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

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
