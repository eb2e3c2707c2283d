package io.strata.kafka;

import io.strata.protocol.RequestCodec;
import io.strata.protocol.ResponseCodec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * A minimal blocking Kafka client over one socket, for tests that need exact versions or bad bytes.
 * Not thread-safe.
 */
final class RawKafkaClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextCorrelationId = 1;

    RawKafkaClient(int port) throws IOException {
        socket = new Socket("localhost", port);
        socket.setSoTimeout(20_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    ApiMessage send(ApiKeys key, short version, ApiMessage body) throws IOException {
        int correlationId = write(key, version, body);
        ResponseCodec.DecodedResponse response = ResponseCodec.decode(ByteBuffer.wrap(readFrame()), key, version);
        if (response.header().correlationId() != correlationId) {
            throw new IllegalStateException("correlation id " + response.header().correlationId() + " != " + correlationId);
        }
        return response.body();
    }

    /** Sends a request without waiting for its answer (when the test expects none); returns its correlation id. */
    int write(ApiKeys key, short version, ApiMessage body) throws IOException {
        int correlationId = nextCorrelationId++;
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId("raw-test");
        writeRaw(RequestCodec.encode(header, body));
        return correlationId;
    }

    void writeRaw(ByteBuffer bytes) throws IOException {
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        out.write(array);
        out.flush();
    }

    byte[] readFrame() throws IOException {
        int size = in.readInt();
        byte[] frame = new byte[size];
        in.readFully(frame);
        return frame;
    }

    /** Whether the broker closed the connection: a read sees end of stream (or a reset) within the timeout. */
    boolean closedByBroker() throws IOException {
        socket.setSoTimeout(10_000);
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
