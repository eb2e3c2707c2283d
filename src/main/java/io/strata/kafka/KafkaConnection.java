package io.strata.kafka;

import io.netty.buffer.Unpooled;
import io.strata.protocol.FrameDecoder;
import io.strata.protocol.KafkaRequest;
import io.strata.protocol.ProtocolException;
import io.strata.protocol.ProtocolException.UnsupportedVersionException;
import io.strata.protocol.RequestCodec;
import io.strata.protocol.ResponseCodec;
import io.strata.protocol.SupportedApis;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.jboss.logging.Logger;

/**
 * One client connection: splits the byte stream into frames, decodes and dispatches each request,
 * and writes the responses strictly in request order although handlers may finish in any order
 * (pipelining). Malformed input closes this connection only. Authentication is the
 * {@link SaslAuthenticator}'s business: the connection asks it which requests to admit, as whom
 * to run them and how large a frame to accept, and closes once it reports a failure.
 *
 * <p>Thread confinement: every field is touched only on the connection's Vert.x context (its event
 * loop); handler completions are moved back onto it before they touch the in-flight queue.
 * Invariant: {@code inFlight} holds the requests read but not yet answered, oldest first; a response
 * is written only when every older one has been.
 */
final class KafkaConnection {

    private static final Logger LOG = Logger.getLogger(KafkaConnection.class);

    /** Reading pauses beyond this many unanswered requests, so one client cannot queue unbounded work. */
    static final int MAX_IN_FLIGHT_REQUESTS = 64;

    private final NetSocket socket;
    private final Context context;
    private final Vertx vertx;
    private final ApiDispatcher dispatcher;
    private final Executor blockingTasks;
    private final FrameDecoder decoder;
    private final int maxFrameBytes;
    private final String id;
    /** Who the requests run as: anonymous until a SASL exchange authenticates the connection. */
    private final SaslAuthenticator sasl;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private boolean closed;
    private boolean paused;

    private static final class InFlight {
        final ApiKeys apiKey;
        final short apiVersion;
        final int correlationId;
        boolean done;
        ByteBuffer response; // null when done without a response (acks=0)

        InFlight(ApiKeys apiKey, short apiVersion, int correlationId) {
            this.apiKey = apiKey;
            this.apiVersion = apiVersion;
            this.correlationId = correlationId;
        }
    }

    KafkaConnection(NetSocket socket, Vertx vertx, ApiDispatcher dispatcher, Executor workers, int maxFrameBytes,
            SaslMechanisms mechanisms) {
        this.socket = socket;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.dispatcher = dispatcher;
        this.blockingTasks = new SerialExecutor(workers);
        this.maxFrameBytes = maxFrameBytes;
        this.id = socket.remoteAddress() + "->" + socket.localAddress();
        this.sasl = mechanisms.newAuthenticator(socket.remoteAddress().hostAddress());
        this.decoder = new FrameDecoder(sasl.maxFrameBytes(maxFrameBytes));
    }

    void start() {
        socket.handler(this::onData);
        socket.drainHandler(v -> updateReading());
        socket.exceptionHandler(e -> close("socket error: " + e.getMessage()));
        socket.closeHandler(v -> closed = true);
    }

    private void onData(Buffer data) {
        if (closed) {
            return;
        }
        try {
            decoder.feed(data.getByteBuf().nioBuffer(), this::onFrame);
        } catch (ProtocolException e) {
            close(e.getMessage());
        }
    }

    private void onFrame(ByteBuffer frame) {
        if (closed) {
            return;
        }
        KafkaRequest request;
        try {
            request = RequestCodec.decode(frame);
        } catch (UnsupportedVersionException e) {
            if (e.apiKey() == ApiKeys.API_VERSIONS) {
                answerUnsupportedApiVersions(e);
            } else {
                close(e.getMessage());
            }
            return;
        } catch (ProtocolException e) {
            close(e.getMessage());
            return;
        }
        String refusal = sasl.admit(request.apiKey(), System.nanoTime());
        if (refusal != null) {
            close(refusal); // as Kafka does: no error response a client could mistake for service
            return;
        }
        InFlight slot = new InFlight(request.apiKey(), request.apiVersion(), request.correlationId());
        inFlight.add(slot);
        updateReading();
        RequestContext requestContext = new RequestContext(request, id, sasl.caller(), blockingTasks, vertx, sasl);
        dispatcher.dispatch(requestContext).whenComplete((response, failure) -> {
            if (Vertx.currentContext() == context) {
                complete(slot, response, failure);
            } else {
                context.runOnContext(v -> complete(slot, response, failure));
            }
        });
    }

    /** Kafka's answer to an ApiVersions version it cannot parse: v0, so any client can read it. */
    private void answerUnsupportedApiVersions(UnsupportedVersionException e) {
        InFlight slot = new InFlight(ApiKeys.API_VERSIONS, (short) 0, e.correlationId());
        inFlight.add(slot);
        complete(slot, new ApiVersionsResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                .setApiKeys(SupportedApis.apiVersions()), null);
    }

    private void complete(InFlight slot, ApiMessage response, Throwable failure) {
        if (closed) {
            return;
        }
        if (failure != null) {
            Throwable cause = KafkaErrors.unwrap(failure);
            if (cause instanceof CloseConnectionException) {
                close(cause.getMessage());
            } else {
                LOG.errorf(cause, "%s v%d request from %s failed; closing the connection", slot.apiKey, slot.apiVersion, id);
                close("handler failure");
            }
            return;
        }
        if (response != null) {
            try {
                slot.response = ResponseCodec.encode(slot.apiKey, slot.apiVersion, slot.correlationId, response);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Cannot encode the %s v%d response for %s; closing the connection", slot.apiKey, slot.apiVersion, id);
                close("response encoding failure");
                return;
            }
        }
        slot.done = true;
        while (!inFlight.isEmpty() && inFlight.peek().done) {
            InFlight head = inFlight.poll();
            if (head.response != null) {
                socket.write(Buffer.buffer(Unpooled.wrappedBuffer(head.response)));
            }
        }
        if (sasl.failed()) {
            closeAfterWrites("SASL authentication failed");
            return;
        }
        decoder.maxFrameBytes(sasl.maxFrameBytes(maxFrameBytes));
        updateReading();
    }

    /** Back pressure: stop reading while too much is unanswered or the socket cannot take more output. */
    private void updateReading() {
        if (closed) {
            return;
        }
        // Until authenticated, one request at a time (as Kafka): each answer changes what may come next.
        boolean shouldPause = inFlight.size() >= MAX_IN_FLIGHT_REQUESTS || socket.writeQueueFull()
                || (!inFlight.isEmpty() && !sasl.authenticated());
        if (shouldPause && !paused) {
            socket.pause();
            paused = true;
        } else if (!shouldPause && paused) {
            socket.resume();
            paused = false;
        }
    }

    /** Lets the error response already queued reach the client, then closes; reads nothing more meanwhile. */
    private void closeAfterWrites(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        LOG.debugf("Closing Kafka connection %s: %s", id, reason);
        socket.write(Buffer.buffer()).onComplete(ignored -> socket.close());
    }

    private void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        LOG.debugf("Closing Kafka connection %s: %s", id, reason);
        socket.close();
    }
}
