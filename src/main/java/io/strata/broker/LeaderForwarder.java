package io.strata.broker;

import io.strata.common.TopicPartition;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Appends a batch on the partition's current leader when this broker does not lead it, so a
 * produce sent to any broker of a cluster reaches the leader (the HTTP API has no metadata of its
 * own for clients to follow). Implemented by the cluster layer, which knows how to reach brokers.
 */
public interface LeaderForwarder {

    /** Where the leader put a forwarded batch. */
    record Appended(long firstOffset, long logAppendTimeMs) {}

    /**
     * Sends {@code batches} (v2 record batches) to the leader of {@code tp} as of this broker's
     * metadata, with {@code acks}. Completes with the leader's answer, or fails with a
     * {@link io.strata.common.StrataException} carrying the leader's error (NOT_LEADER_OR_FOLLOWER
     * when leadership moved meanwhile) or a retriable kind when the leader cannot be reached.
     */
    CompletableFuture<Appended> forward(TopicPartition tp, ByteBuffer batches, short acks);
}
