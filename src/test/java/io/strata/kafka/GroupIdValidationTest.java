package io.strata.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** A group id PostgreSQL cannot store (it holds a NUL) is refused as Kafka refuses bad ids, not as a server error. */
@QuarkusTest
class GroupIdValidationTest {

    private static final String NUL_GROUP = "bad\0group";

    @Inject
    KafkaServer server;

    @Test
    void shouldAnswerInvalidGroupIdWhenCommittingWithANulInTheGroupId() throws Exception {
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            OffsetCommitRequestData commit = new OffsetCommitRequestData().setGroupId(NUL_GROUP)
                    .setGenerationIdOrMemberEpoch(-1).setMemberId("")
                    .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t")
                            .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                    .setPartitionIndex(0).setCommittedOffset(5)))));
            OffsetCommitResponseData response = (OffsetCommitResponseData) raw.send(ApiKeys.OFFSET_COMMIT, (short) 8, commit);
            assertEquals(Errors.INVALID_GROUP_ID.code(),
                    response.topics().get(0).partitions().get(0).errorCode());
        }
    }

    @Test
    void shouldAnswerInvalidGroupIdWhenFetchingOffsetsWithANulInTheGroupId() throws Exception {
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            OffsetFetchRequestData fetch = new OffsetFetchRequestData().setGroupId(NUL_GROUP).setTopics(null);
            OffsetFetchResponseData response = (OffsetFetchResponseData) raw.send(ApiKeys.OFFSET_FETCH, (short) 7, fetch);
            assertEquals(Errors.INVALID_GROUP_ID.code(), response.errorCode());
        }
    }
}
