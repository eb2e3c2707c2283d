package io.strata.cluster;

import io.quarkus.runtime.ShutdownEvent;
import io.strata.broker.LeaderForwarder;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.TopicPartition;
import io.strata.config.StrataConfig;
import io.strata.log.RecordBatches;
import io.strata.metadata.BrokerInfo;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.PartitionInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.jboss.logging.Logger;

/**
 * Forwards a produce this broker cannot append to the partition's leader as a Kafka Produce
 * request (by topic name, version {@value #PRODUCE_VERSION}) and maps the leader's answer back.
 * Connections to each leader are kept for reuse, one per concurrent forward.
 *
 * <p>A connection that fails is closed, never reused. A request that fails on an idle pooled
 * connection is sent once more on a fresh one (the leader may have restarted since); any other
 * failure fails the forward with NETWORK_EXCEPTION (retriable): the batch may or may not have
 * been appended, which only the client can decide to retry, as with any produce whose answer was lost.
 *
 * <p>Thread-safe: forwards run on a small pool; each borrowed connection is used by one thread at a time.
 */
@ApplicationScoped
public class ProduceForwarder implements LeaderForwarder {

    private static final Logger LOG = Logger.getLogger(ProduceForwarder.class);
    /** The newest Produce version that names topics (13 addresses them by id). */
    static final short PRODUCE_VERSION = 12;
    private static final int THREADS = 4;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** The leader answers an acks=all produce within its timeout; the read waits a little longer. */
    private static final int PRODUCE_TIMEOUT_MS = 30_000;
    private static final int READ_TIMEOUT_MS = PRODUCE_TIMEOUT_MS + 10_000;

    private final StrataConfig config;
    private final MetadataCache metadata;
    /** Authenticates forwarding connections like replica fetchers (TLS, SCRAM as the inter-broker user). */
    private final BrokerConnector connector;
    private final ConcurrentHashMap<String, Queue<KafkaBlockingClient>> idle = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
        Thread thread = new Thread(r, "strata-produce-forward");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public ProduceForwarder(StrataConfig config, MetadataCache metadata) {
        this.config = config;
        this.metadata = metadata;
        this.connector = new BrokerConnector(config);
    }

    @Override
    public CompletableFuture<Appended> forward(TopicPartition tp, ByteBuffer batches, short acks) {
        return CompletableFuture.supplyAsync(() -> send(leaderOf(tp), tp, batches, acks), executor);
    }

    private BrokerInfo leaderOf(TopicPartition tp) {
        PartitionInfo p = metadata.image().topic(tp.topic()).filter(t -> tp.partition() < t.partitionCount())
                .map(t -> t.partition(tp.partition()))
                .orElseThrow(() -> new StrataException(ErrorKind.UNKNOWN_TOPIC_OR_PARTITION, "Unknown partition " + tp));
        if (!p.hasLeader()) {
            throw new StrataException(ErrorKind.LEADER_NOT_AVAILABLE, "Partition " + tp + " has no leader");
        }
        if (p.leader() == config.nodeId()) {
            throw new StrataException(ErrorKind.NOT_LEADER_OR_FOLLOWER, "This broker leads " + tp + " now");
        }
        return metadata.image().broker(p.leader()).orElseThrow(() -> new StrataException(ErrorKind.LEADER_NOT_AVAILABLE,
                "The leader of " + tp + ", broker " + p.leader() + ", is not registered"));
    }

    private Appended send(BrokerInfo leader, TopicPartition tp, ByteBuffer batches, short acks) {
        ProduceRequestData request = new ProduceRequestData().setAcks(acks).setTimeoutMs(PRODUCE_TIMEOUT_MS);
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName(tp.topic());
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(tp.partition())
                .setRecords(RecordBatches.wireRecords(batches.duplicate())));
        request.topicData().add(topic);
        String address = leader.host() + ":" + leader.kafkaPort();
        Queue<KafkaBlockingClient> pool = idle.computeIfAbsent(address, a -> new ConcurrentLinkedQueue<>());
        KafkaBlockingClient pooled = pool.poll();
        if (pooled != null && pooled.sessionExpired()) {
            pooled.close(); // the leader would close it on this request (KIP-368 session over)
            pooled = null;
        }
        ProduceResponseData response;
        try {
            response = exchange(pooled != null ? pooled : connect(leader, address), request);
        } catch (IOException | RuntimeException e) {
            if (pooled == null) {
                throw forwardFailed(tp, leader, address, e);
            }
            // An idle connection may have outlived the leader process (restarted on the same
            // address), which then never saw the request: one try on a fresh connection.
            try {
                response = exchange(connect(leader, address), request);
            } catch (IOException | RuntimeException again) {
                throw forwardFailed(tp, leader, address, again);
            }
        }
        ProduceResponseData.PartitionProduceResponse answer = response.responses().iterator().next()
                .partitionResponses().get(0);
        if (answer.errorCode() != 0) {
            ErrorKind kind = ErrorKind.forKafkaCode(answer.errorCode());
            throw new StrataException(kind, "The leader of " + tp + ", broker " + leader.nodeId() + ", refused the records: "
                    + (answer.errorMessage() != null ? answer.errorMessage() : kind.name()));
        }
        return new Appended(answer.baseOffset(), answer.logAppendTimeMs());
    }

    /** One request on {@code client}, which goes back to the pool after an answer and is closed after a failure. */
    private ProduceResponseData exchange(KafkaBlockingClient client, ProduceRequestData request) throws IOException {
        ProduceResponseData response;
        try {
            response = (ProduceResponseData) client.send(ApiKeys.PRODUCE, PRODUCE_VERSION, request);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        idle.computeIfAbsent(client.address(), a -> new ConcurrentLinkedQueue<>()).add(client);
        return response;
    }

    private KafkaBlockingClient connect(BrokerInfo leader, String address) throws IOException {
        return connector.connect(leader.host(), leader.kafkaPort(), "strata-forward-" + config.nodeId(),
                CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
    }

    private static StrataException forwardFailed(TopicPartition tp, BrokerInfo leader, String address, Exception e) {
        return new StrataException(ErrorKind.NETWORK_EXCEPTION, "Forwarding to the leader of " + tp + ", broker "
                + leader.nodeId() + " at " + address + ", failed: " + e.getMessage());
    }

    void onShutdown(@Observes ShutdownEvent event) {
        executor.shutdownNow();
        idle.values().forEach(q -> q.forEach(KafkaBlockingClient::close));
        idle.clear();
        LOG.debug("Produce forwarding stopped");
    }
}
