package io.strata.protocol;

import static io.strata.protocol.ProtocolSamples.TOPIC;
import static io.strata.protocol.ProtocolSamples.bytes;

import java.util.List;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Typical bodies of the consumer group APIs (and InitProducerId) per version, filled only with fields that exist at that
 * version (kept apart from {@link ProtocolSamples} so each file stays readable).
 */
final class GroupSamples {

    static final String GROUP = "orders-readers";
    static final String MEMBER = "client-1-3f2a";

    private GroupSamples() {}

    static ApiMessage request(ApiKeys key, short v) {
        return switch (key) {
            case FIND_COORDINATOR -> v >= 4
                    ? new FindCoordinatorRequestData().setKeyType((byte) 0).setCoordinatorKeys(List.of(GROUP, "other"))
                    : v >= 1 ? new FindCoordinatorRequestData().setKey(GROUP).setKeyType((byte) 0)
                    : new FindCoordinatorRequestData().setKey(GROUP);
            case JOIN_GROUP -> {
                JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                        new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
                protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(bytes("sub")));
                JoinGroupRequestData data = new JoinGroupRequestData().setGroupId(GROUP).setSessionTimeoutMs(10_000)
                        .setMemberId("").setProtocolType("consumer").setProtocols(protocols);
                if (v >= 1) {
                    data.setRebalanceTimeoutMs(30_000);
                }
                if (v >= 5) {
                    data.setGroupInstanceId("instance-1");
                }
                if (v >= 8) {
                    data.setReason("rejoin");
                }
                yield data;
            }
            case SYNC_GROUP -> {
                SyncGroupRequestData data = new SyncGroupRequestData().setGroupId(GROUP).setGenerationId(3).setMemberId(MEMBER)
                        .setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment()
                                .setMemberId(MEMBER).setAssignment(bytes("assignment"))));
                if (v >= 3) {
                    data.setGroupInstanceId("instance-1");
                }
                if (v >= 5) {
                    data.setProtocolType("consumer").setProtocolName("range");
                }
                yield data;
            }
            case HEARTBEAT -> {
                HeartbeatRequestData data = new HeartbeatRequestData().setGroupId(GROUP).setGenerationId(3).setMemberId(MEMBER);
                if (v >= 3) {
                    data.setGroupInstanceId("instance-1");
                }
                yield data;
            }
            case LEAVE_GROUP -> v >= 3
                    ? new LeaveGroupRequestData().setGroupId(GROUP).setMembers(List.of(
                            new LeaveGroupRequestData.MemberIdentity().setMemberId(MEMBER).setGroupInstanceId("instance-1")))
                    : new LeaveGroupRequestData().setGroupId(GROUP).setMemberId(MEMBER);
            case OFFSET_COMMIT -> {
                OffsetCommitRequestData.OffsetCommitRequestPartition partition = new OffsetCommitRequestData.OffsetCommitRequestPartition()
                        .setPartitionIndex(0).setCommittedOffset(42).setCommittedMetadata("meta");
                if (v >= 6) {
                    partition.setCommittedLeaderEpoch(4);
                }
                OffsetCommitRequestData data = new OffsetCommitRequestData().setGroupId(GROUP).setGenerationIdOrMemberEpoch(3)
                        .setMemberId(MEMBER).setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                                .setName(TOPIC).setPartitions(List.of(partition))));
                if (v >= 7) {
                    data.setGroupInstanceId("instance-1");
                }
                yield data;
            }
            case OFFSET_FETCH -> {
                if (v >= 8) {
                    yield new OffsetFetchRequestData().setRequireStable(true).setGroups(List.of(
                            new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(GROUP).setTopics(List.of(
                                    new OffsetFetchRequestData.OffsetFetchRequestTopics().setName(TOPIC).setPartitionIndexes(List.of(0, 1)))),
                            new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("all-topics").setTopics(null)));
                }
                OffsetFetchRequestData data = new OffsetFetchRequestData().setGroupId(GROUP).setTopics(List.of(
                        new OffsetFetchRequestData.OffsetFetchRequestTopic().setName(TOPIC).setPartitionIndexes(List.of(0, 1))));
                if (v >= 7) {
                    data.setRequireStable(true);
                }
                yield data;
            }
            case OFFSET_DELETE -> {
                OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection topics = new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
                topics.add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName(TOPIC)
                        .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0))));
                yield new OffsetDeleteRequestData().setGroupId(GROUP).setTopics(topics);
            }
            case DELETE_GROUPS -> new DeleteGroupsRequestData().setGroupsNames(List.of(GROUP, "other"));
            case LIST_GROUPS -> {
                ListGroupsRequestData data = new ListGroupsRequestData();
                if (v >= 4) {
                    data.setStatesFilter(List.of("Stable", "Empty"));
                }
                if (v >= 5) {
                    data.setTypesFilter(List.of("classic"));
                }
                yield data;
            }
            case DESCRIBE_GROUPS -> {
                DescribeGroupsRequestData data = new DescribeGroupsRequestData().setGroups(List.of(GROUP));
                if (v >= 3) {
                    data.setIncludeAuthorizedOperations(true);
                }
                yield data;
            }
            case INIT_PRODUCER_ID -> {
                InitProducerIdRequestData data = new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000);
                if (v >= 3) {
                    data.setProducerId(-1).setProducerEpoch((short) -1);
                }
                yield data;
            }
            default -> throw new IllegalArgumentException("no sample for " + key);
        };
    }

    static ApiMessage response(ApiKeys key, short v) {
        return switch (key) {
            case FIND_COORDINATOR -> v >= 4
                    ? new FindCoordinatorResponseData().setCoordinators(List.of(new FindCoordinatorResponseData.Coordinator()
                            .setKey(GROUP).setNodeId(1).setHost("localhost").setPort(9092)))
                    : new FindCoordinatorResponseData().setNodeId(1).setHost("localhost").setPort(9092);
            case JOIN_GROUP -> {
                JoinGroupResponseData.JoinGroupResponseMember member = new JoinGroupResponseData.JoinGroupResponseMember()
                        .setMemberId(MEMBER).setMetadata(bytes("sub"));
                if (v >= 5) {
                    member.setGroupInstanceId("instance-1");
                }
                JoinGroupResponseData data = new JoinGroupResponseData().setGenerationId(3).setProtocolName("range")
                        .setLeader(MEMBER).setMemberId(MEMBER).setMembers(List.of(member));
                if (v >= 7) {
                    data.setProtocolType("consumer");
                }
                if (v >= 9) {
                    data.setSkipAssignment(true);
                }
                yield data;
            }
            case SYNC_GROUP -> {
                SyncGroupResponseData data = new SyncGroupResponseData().setAssignment(bytes("assignment"));
                if (v >= 5) {
                    data.setProtocolType("consumer").setProtocolName("range");
                }
                yield data;
            }
            case HEARTBEAT -> new HeartbeatResponseData().setErrorCode((short) 27);
            case LEAVE_GROUP -> v >= 3
                    ? new LeaveGroupResponseData().setMembers(List.of(new LeaveGroupResponseData.MemberResponse()
                            .setMemberId(MEMBER).setGroupInstanceId("instance-1").setErrorCode((short) 82)))
                    : new LeaveGroupResponseData().setErrorCode((short) 25);
            case OFFSET_COMMIT -> new OffsetCommitResponseData().setTopics(List.of(new OffsetCommitResponseData.OffsetCommitResponseTopic()
                    .setName(TOPIC).setPartitions(List.of(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                            .setPartitionIndex(0).setErrorCode((short) 22)))));
            case OFFSET_FETCH -> {
                if (v >= 8) {
                    yield new OffsetFetchResponseData().setGroups(List.of(new OffsetFetchResponseData.OffsetFetchResponseGroup()
                            .setGroupId(GROUP).setTopics(List.of(new OffsetFetchResponseData.OffsetFetchResponseTopics().setName(TOPIC)
                                    .setPartitions(List.of(new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                                            .setPartitionIndex(0).setCommittedOffset(42).setCommittedLeaderEpoch(4).setMetadata("meta")))))));
                }
                OffsetFetchResponseData.OffsetFetchResponsePartition partition = new OffsetFetchResponseData.OffsetFetchResponsePartition()
                        .setPartitionIndex(0).setCommittedOffset(42).setMetadata("meta");
                if (v >= 5) {
                    partition.setCommittedLeaderEpoch(4);
                }
                yield new OffsetFetchResponseData().setTopics(List.of(new OffsetFetchResponseData.OffsetFetchResponseTopic()
                        .setName(TOPIC).setPartitions(List.of(partition))));
            }
            case OFFSET_DELETE -> {
                OffsetDeleteResponseData.OffsetDeleteResponsePartitionCollection partitions =
                        new OffsetDeleteResponseData.OffsetDeleteResponsePartitionCollection();
                partitions.add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition().setPartitionIndex(0).setErrorCode((short) 86));
                OffsetDeleteResponseData.OffsetDeleteResponseTopicCollection topics = new OffsetDeleteResponseData.OffsetDeleteResponseTopicCollection();
                topics.add(new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(TOPIC).setPartitions(partitions));
                yield new OffsetDeleteResponseData().setTopics(topics);
            }
            case DELETE_GROUPS -> {
                DeleteGroupsResponseData.DeletableGroupResultCollection results = new DeleteGroupsResponseData.DeletableGroupResultCollection();
                results.add(new DeleteGroupsResponseData.DeletableGroupResult().setGroupId(GROUP).setErrorCode((short) 68));
                yield new DeleteGroupsResponseData().setResults(results);
            }
            case LIST_GROUPS -> {
                ListGroupsResponseData.ListedGroup group = new ListGroupsResponseData.ListedGroup().setGroupId(GROUP).setProtocolType("consumer");
                if (v >= 4) {
                    group.setGroupState("Stable");
                }
                if (v >= 5) {
                    group.setGroupType("classic");
                }
                yield new ListGroupsResponseData().setGroups(List.of(group));
            }
            case DESCRIBE_GROUPS -> {
                DescribeGroupsResponseData.DescribedGroupMember member = new DescribeGroupsResponseData.DescribedGroupMember()
                        .setMemberId(MEMBER).setClientId("client-1").setClientHost("/127.0.0.1")
                        .setMemberMetadata(bytes("sub")).setMemberAssignment(bytes("assignment"));
                if (v >= 4) {
                    member.setGroupInstanceId("instance-1");
                }
                DescribeGroupsResponseData.DescribedGroup group = new DescribeGroupsResponseData.DescribedGroup().setGroupId(GROUP)
                        .setGroupState("Stable").setProtocolType("consumer").setProtocolData("range").setMembers(List.of(member));
                if (v >= 6) {
                    group.setErrorMessage(null);
                }
                yield new DescribeGroupsResponseData().setGroups(List.of(group));
            }
            case INIT_PRODUCER_ID -> new InitProducerIdResponseData().setProducerId(4000).setProducerEpoch((short) 0);
            default -> throw new IllegalArgumentException("no sample for " + key);
        };
    }
}
