package io.strata.protocol;

import static io.strata.protocol.ProtocolSamples.TOPIC;

import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/** Sample requests and responses of the reassignment APIs (and DescribeLogDirs), for the codec tests. */
final class ReassignmentSamples {

    private ReassignmentSamples() {}

    static ApiMessage request(ApiKeys key, short v) {
        return switch (key) {
            case ALTER_PARTITION_REASSIGNMENTS -> {
                AlterPartitionReassignmentsRequestData data = new AlterPartitionReassignmentsRequestData().setTimeoutMs(30_000)
                        .setTopics(List.of(new AlterPartitionReassignmentsRequestData.ReassignableTopic().setName(TOPIC)
                                .setPartitions(List.of(
                                        new AlterPartitionReassignmentsRequestData.ReassignablePartition().setPartitionIndex(0)
                                                .setReplicas(List.of(3, 1, 2)),
                                        new AlterPartitionReassignmentsRequestData.ReassignablePartition().setPartitionIndex(1)
                                                .setReplicas(null)))));
                if (v >= 1) {
                    data.setAllowReplicationFactorChange(false);
                }
                yield data;
            }
            case LIST_PARTITION_REASSIGNMENTS -> new ListPartitionReassignmentsRequestData().setTimeoutMs(30_000).setTopics(
                    List.of(new ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics().setName(TOPIC)
                            .setPartitionIndexes(List.of(0, 2))));
            case DESCRIBE_LOG_DIRS -> {
                DescribeLogDirsRequestData.DescribableLogDirTopicCollection topics =
                        new DescribeLogDirsRequestData.DescribableLogDirTopicCollection();
                topics.add(new DescribeLogDirsRequestData.DescribableLogDirTopic().setTopic(TOPIC).setPartitions(List.of(0, 1)));
                yield new DescribeLogDirsRequestData().setTopics(topics);
            }
            default -> throw new IllegalArgumentException("No reassignment sample for " + key);
        };
    }

    static ApiMessage response(ApiKeys key, short v) {
        return switch (key) {
            case ALTER_PARTITION_REASSIGNMENTS -> {
                AlterPartitionReassignmentsResponseData data = new AlterPartitionReassignmentsResponseData().setResponses(
                        List.of(new AlterPartitionReassignmentsResponseData.ReassignableTopicResponse().setName(TOPIC)
                                .setPartitions(List.of(
                                        new AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse()
                                                .setPartitionIndex(0),
                                        new AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse()
                                                .setPartitionIndex(1).setErrorCode((short) 85)
                                                .setErrorMessage("No reassignment in progress")))));
                if (v >= 1) {
                    data.setAllowReplicationFactorChange(false);
                }
                yield data;
            }
            case LIST_PARTITION_REASSIGNMENTS -> new ListPartitionReassignmentsResponseData().setTopics(List.of(
                    new ListPartitionReassignmentsResponseData.OngoingTopicReassignment().setName(TOPIC).setPartitions(List.of(
                            new ListPartitionReassignmentsResponseData.OngoingPartitionReassignment().setPartitionIndex(0)
                                    .setReplicas(Arrays.asList(3, 2, 1)).setAddingReplicas(List.of(3))
                                    .setRemovingReplicas(List.of(1))))));
            case DESCRIBE_LOG_DIRS -> {
                DescribeLogDirsResponseData.DescribeLogDirsResult result = new DescribeLogDirsResponseData.DescribeLogDirsResult()
                        .setLogDir("/var/lib/strata").setTopics(List.of(new DescribeLogDirsResponseData.DescribeLogDirsTopic()
                                .setName(TOPIC).setPartitions(List.of(new DescribeLogDirsResponseData.DescribeLogDirsPartition()
                                        .setPartitionIndex(0).setPartitionSize(4096)))));
                if (v >= 4) {
                    result.setTotalBytes(1L << 30).setUsableBytes(1L << 29);
                }
                yield new DescribeLogDirsResponseData().setResults(List.of(result));
            }
            default -> throw new IllegalArgumentException("No reassignment sample for " + key);
        };
    }
}
