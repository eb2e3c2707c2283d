package io.strata.kafka;

import io.strata.metadata.ProducerIdStore;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * InitProducerId for idempotent producers: a fresh producer id (epoch 0) from a block reserved in
 * PostgreSQL, so ids are unique across brokers and restarts. Transactional producers are not
 * supported yet (COORDINATOR_NOT_AVAILABLE, as FindCoordinator answers for transactions).
 *
 * <p>Thread-safe: the current block is guarded by this handler's monitor; a new block is reserved on a
 * worker when one runs out (every {@value #BLOCK_SIZE} ids).
 */
@ApplicationScoped
public class InitProducerIdHandler implements ApiHandler {

    static final int BLOCK_SIZE = 1000;

    private final ProducerIdStore store;
    private long nextProducerId;
    private long blockEnd; // exclusive; nextProducerId == blockEnd means the block is used up

    private final KafkaAuthorization auth;

    @Inject
    public InitProducerIdHandler(ProducerIdStore store, KafkaAuthorization auth) {
        this.store = store;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        InitProducerIdRequestData request = context.body();
        Errors denied = authorize(context, request);
        if (denied != Errors.NONE) {
            return CompletableFuture.completedFuture(new InitProducerIdResponseData()
                    .setErrorCode(denied.code()).setProducerId(-1).setProducerEpoch((short) -1));
        }
        if (request.transactionalId() != null) {
            return CompletableFuture.completedFuture(new InitProducerIdResponseData()
                    .setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()).setProducerId(-1).setProducerEpoch((short) -1));
        }
        synchronized (this) {
            if (nextProducerId < blockEnd) {
                return CompletableFuture.completedFuture(granted(nextProducerId++));
            }
        }
        return context.blocking(() -> {
            try {
                return granted(next());
            } catch (RuntimeException e) {
                return new InitProducerIdResponseData().setErrorCode(KafkaErrors.code(e)).setProducerId(-1)
                        .setProducerEpoch((short) -1);
            }
        });
    }

    /**
     * As Kafka 3+: a transactional producer needs WRITE on its transactional id; an idempotent one
     * IDEMPOTENT_WRITE on the cluster, or else WRITE on at least one topic.
     */
    private Errors authorize(RequestContext context, InitProducerIdRequestData request) {
        if (request.transactionalId() != null) {
            return auth.allowed(context, Operation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId())
                    ? Errors.NONE : Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
        }
        if (auth.visible(context, Operation.IDEMPOTENT_WRITE, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME)
                || auth.allowedOnSome(context, Operation.WRITE, ResourceType.TOPIC)) {
            return Errors.NONE;
        }
        auth.recordDenial(context, Operation.IDEMPOTENT_WRITE, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME);
        return Errors.CLUSTER_AUTHORIZATION_FAILED;
    }

    private synchronized long next() {
        if (nextProducerId >= blockEnd) {
            long first = store.allocateBlock(BLOCK_SIZE);
            nextProducerId = first;
            blockEnd = first + BLOCK_SIZE;
        }
        return nextProducerId++;
    }

    private static InitProducerIdResponseData granted(long producerId) {
        return new InitProducerIdResponseData().setProducerId(producerId).setProducerEpoch((short) 0);
    }
}
