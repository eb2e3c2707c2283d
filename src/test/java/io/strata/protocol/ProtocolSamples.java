package io.strata.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Typical request and response bodies per API key, filled only with fields that exist at the given
 * version (the generated writers reject non-default values for fields a version lacks). Public so the
 * Kafka frame fuzzer can start from the same requests the codec tests check.
 */
public final class ProtocolSamples {

    public static final String TOPIC = "orders";
    static final Uuid TOPIC_ID = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");

    private ProtocolSamples() {}

    static MemoryRecords records() {
        return MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(1_700_000_000_000L, bytes("key"), bytes("value")));
    }

    public static ApiMessage request(ApiKeys key, short v) {
        return switch (key) {
            case API_VERSIONS -> v >= 3
                    ? new ApiVersionsRequestData().setClientSoftwareName("strata-test").setClientSoftwareVersion("1.0")
                    : new ApiVersionsRequestData();
            case METADATA -> {
                MetadataRequestData data = new MetadataRequestData().setTopics(
                        List.of(new MetadataRequestData.MetadataRequestTopic().setName(TOPIC)));
                if (v >= 4) {
                    data.setAllowAutoTopicCreation(false);
                }
                yield data;
            }
            case PRODUCE -> {
                ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData()
                        .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData()
                                .setIndex(0).setRecords(records())));
                if (v >= 13) {
                    topic.setTopicId(TOPIC_ID);
                } else {
                    topic.setName(TOPIC);
                }
                ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
                topics.add(topic);
                yield new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000).setTopicData(topics);
            }
            case FETCH -> {
                FetchRequestData.FetchPartition partition = new FetchRequestData.FetchPartition()
                        .setPartition(0).setFetchOffset(42).setPartitionMaxBytes(1 << 20);
                if (v >= 5) {
                    partition.setLogStartOffset(-1);
                }
                FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setPartitions(List.of(partition));
                if (v >= 13) {
                    topic.setTopicId(TOPIC_ID);
                } else {
                    topic.setTopic(TOPIC);
                }
                FetchRequestData data = new FetchRequestData().setMaxWaitMs(500).setMinBytes(1)
                        .setMaxBytes(50 << 20).setIsolationLevel((byte) 1).setTopics(List.of(topic));
                if (v >= 7) {
                    data.setSessionId(0).setSessionEpoch(-1);
                }
                if (v >= 11) {
                    data.setRackId("rack-a");
                }
                yield data;
            }
            case LIST_OFFSETS -> {
                ListOffsetsRequestData data = new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(
                        new ListOffsetsRequestData.ListOffsetsTopic().setName(TOPIC).setPartitions(List.of(
                                new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1)))));
                if (v >= 2) {
                    data.setIsolationLevel((byte) 1);
                }
                if (v >= 10) {
                    data.setTimeoutMs(5_000);
                }
                yield data;
            }
            case CREATE_TOPICS -> {
                CreateTopicsRequestData.CreatableTopicConfigCollection configs = new CreateTopicsRequestData.CreatableTopicConfigCollection();
                configs.add(new CreateTopicsRequestData.CreatableTopicConfig().setName("cleanup.policy").setValue("compact"));
                CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
                topics.add(new CreateTopicsRequestData.CreatableTopic().setName(TOPIC).setNumPartitions(3)
                        .setReplicationFactor((short) 1).setConfigs(configs));
                yield new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(30_000).setValidateOnly(true);
            }
            case DELETE_TOPICS -> v >= 6
                    ? new DeleteTopicsRequestData().setTimeoutMs(30_000)
                            .setTopics(List.of(new DeleteTopicsRequestData.DeleteTopicState().setName(TOPIC)))
                    : new DeleteTopicsRequestData().setTimeoutMs(30_000).setTopicNames(List.of(TOPIC));
            case CREATE_PARTITIONS -> {
                CreatePartitionsRequestData.CreatePartitionsTopicCollection topics =
                        new CreatePartitionsRequestData.CreatePartitionsTopicCollection();
                topics.add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName(TOPIC).setCount(4).setAssignments(null));
                yield new CreatePartitionsRequestData().setTopics(topics).setTimeoutMs(30_000).setValidateOnly(false);
            }
            case DESCRIBE_CONFIGS -> {
                DescribeConfigsRequestData data = new DescribeConfigsRequestData().setResources(List.of(
                        new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType((byte) 2)
                                .setResourceName(TOPIC).setConfigurationKeys(null)));
                data.setIncludeSynonyms(true);
                if (v >= 3) {
                    data.setIncludeDocumentation(true);
                }
                yield data;
            }
            case ALTER_CONFIGS -> {
                AlterConfigsRequestData.AlterableConfigCollection configs = new AlterConfigsRequestData.AlterableConfigCollection();
                configs.add(new AlterConfigsRequestData.AlterableConfig().setName("retention.ms").setValue("1000"));
                AlterConfigsRequestData.AlterConfigsResourceCollection resources = new AlterConfigsRequestData.AlterConfigsResourceCollection();
                resources.add(new AlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2)
                        .setResourceName(TOPIC).setConfigs(configs));
                yield new AlterConfigsRequestData().setResources(resources).setValidateOnly(true);
            }
            case INCREMENTAL_ALTER_CONFIGS -> {
                IncrementalAlterConfigsRequestData.AlterableConfigCollection configs =
                        new IncrementalAlterConfigsRequestData.AlterableConfigCollection();
                configs.add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                        .setConfigOperation((byte) 0).setValue("1000"));
                IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection resources =
                        new IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection();
                resources.add(new IncrementalAlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2)
                        .setResourceName(TOPIC).setConfigs(configs));
                yield new IncrementalAlterConfigsRequestData().setResources(resources).setValidateOnly(false);
            }
            case DESCRIBE_CLUSTER -> {
                DescribeClusterRequestData data = new DescribeClusterRequestData();
                if (v >= 1) {
                    data.setEndpointType((byte) 1);
                }
                yield data;
            }
            case DELETE_RECORDS -> new DeleteRecordsRequestData().setTimeoutMs(30_000).setTopics(List.of(
                    new DeleteRecordsRequestData.DeleteRecordsTopic().setName(TOPIC).setPartitions(List.of(
                            new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(5)))));
            case ELECT_LEADERS -> {
                ElectLeadersRequestData.TopicPartitionsCollection topics = new ElectLeadersRequestData.TopicPartitionsCollection();
                topics.add(new ElectLeadersRequestData.TopicPartitions().setTopic(TOPIC).setPartitions(List.of(0, 2)));
                ElectLeadersRequestData data = new ElectLeadersRequestData().setTopicPartitions(topics).setTimeoutMs(30_000);
                if (v >= 1) {
                    data.setElectionType((byte) 0);
                }
                yield data;
            }
            case OFFSET_FOR_LEADER_EPOCH -> {
                OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection topics =
                        new OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection();
                topics.add(new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic(TOPIC).setPartitions(List.of(
                        new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
                                .setCurrentLeaderEpoch(3).setLeaderEpoch(2))));
                OffsetForLeaderEpochRequestData data = new OffsetForLeaderEpochRequestData().setTopics(topics);
                if (v >= 3) {
                    data.setReplicaId(2);
                }
                yield data;
            }
            case ALTER_PARTITION_REASSIGNMENTS, LIST_PARTITION_REASSIGNMENTS, DESCRIBE_LOG_DIRS ->
                    ReassignmentSamples.request(key, v);
            case DESCRIBE_ACLS -> new DescribeAclsRequestData().setResourceTypeFilter((byte) 2).setResourceNameFilter(TOPIC)
                    .setPatternTypeFilter((byte) 2).setPrincipalFilter("User:alice").setHostFilter(null)
                    .setOperation((byte) 1).setPermissionType((byte) 3);
            case CREATE_ACLS -> new CreateAclsRequestData().setCreations(List.of(new CreateAclsRequestData.AclCreation()
                    .setResourceType((byte) 2).setResourceName("orders.").setResourcePatternType((byte) 4)
                    .setPrincipal("User:alice").setHost("*").setOperation((byte) 4).setPermissionType((byte) 3)));
            case DELETE_ACLS -> new DeleteAclsRequestData().setFilters(List.of(new DeleteAclsRequestData.DeleteAclsFilter()
                    .setResourceTypeFilter((byte) 1).setResourceNameFilter(null).setPatternTypeFilter((byte) 1)
                    .setPrincipalFilter("User:alice").setHostFilter("*").setOperation((byte) 1).setPermissionType((byte) 1)));
            case SASL_HANDSHAKE, SASL_AUTHENTICATE, DESCRIBE_USER_SCRAM_CREDENTIALS, ALTER_USER_SCRAM_CREDENTIALS ->
                    SaslSamples.request(key, v);
            default -> GroupSamples.request(key, v);
        };
    }

    static ApiMessage response(ApiKeys key, short v) {
        return switch (key) {
            case API_VERSIONS -> new ApiVersionsResponseData().setApiKeys(SupportedApis.apiVersions());
            case METADATA -> {
                MetadataResponseData.MetadataResponseBrokerCollection brokers = new MetadataResponseData.MetadataResponseBrokerCollection();
                brokers.add(new MetadataResponseData.MetadataResponseBroker().setNodeId(1).setHost("localhost").setPort(9092));
                MetadataResponseData.MetadataResponseTopicCollection topics = new MetadataResponseData.MetadataResponseTopicCollection();
                MetadataResponseData.MetadataResponseTopic topic = new MetadataResponseData.MetadataResponseTopic().setName(TOPIC)
                        .setPartitions(List.of(new MetadataResponseData.MetadataResponsePartition().setPartitionIndex(0)
                                .setLeaderId(1).setReplicaNodes(List.of(1)).setIsrNodes(List.of(1))));
                if (v >= 10) {
                    topic.setTopicId(TOPIC_ID);
                }
                topics.add(topic);
                MetadataResponseData data = new MetadataResponseData().setBrokers(brokers).setTopics(topics);
                if (v >= 2) {
                    data.setClusterId("cluster-1");
                }
                if (v >= 1) {
                    data.setControllerId(1);
                }
                yield data;
            }
            case PRODUCE -> {
                ProduceResponseData.TopicProduceResponse topic = new ProduceResponseData.TopicProduceResponse()
                        .setPartitionResponses(List.of(new ProduceResponseData.PartitionProduceResponse()
                                .setIndex(0).setBaseOffset(7)));
                if (v >= 13) {
                    topic.setTopicId(TOPIC_ID);
                } else {
                    topic.setName(TOPIC);
                }
                ProduceResponseData.TopicProduceResponseCollection topics = new ProduceResponseData.TopicProduceResponseCollection();
                topics.add(topic);
                yield new ProduceResponseData().setResponses(topics);
            }
            case FETCH -> {
                FetchResponseData.FetchableTopicResponse topic = new FetchResponseData.FetchableTopicResponse()
                        .setPartitions(List.of(new FetchResponseData.PartitionData().setPartitionIndex(0)
                                .setHighWatermark(43).setLastStableOffset(43).setRecords(records())));
                if (v >= 13) {
                    topic.setTopicId(TOPIC_ID);
                } else {
                    topic.setTopic(TOPIC);
                }
                yield new FetchResponseData().setResponses(List.of(topic));
            }
            case LIST_OFFSETS -> new ListOffsetsResponseData().setTopics(List.of(new ListOffsetsResponseData.ListOffsetsTopicResponse()
                    .setName(TOPIC).setPartitions(List.of(new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                            .setPartitionIndex(0).setOffset(43).setTimestamp(-1)))));
            case CREATE_TOPICS -> {
                CreateTopicsResponseData.CreatableTopicResultCollection topics = new CreateTopicsResponseData.CreatableTopicResultCollection();
                topics.add(new CreateTopicsResponseData.CreatableTopicResult().setName(TOPIC).setErrorCode((short) 36));
                yield new CreateTopicsResponseData().setTopics(topics);
            }
            case DELETE_TOPICS -> {
                DeleteTopicsResponseData.DeletableTopicResultCollection topics = new DeleteTopicsResponseData.DeletableTopicResultCollection();
                topics.add(new DeleteTopicsResponseData.DeletableTopicResult().setName(TOPIC));
                yield new DeleteTopicsResponseData().setResponses(topics);
            }
            case CREATE_PARTITIONS -> new CreatePartitionsResponseData().setResults(List.of(
                    new CreatePartitionsResponseData.CreatePartitionsTopicResult().setName(TOPIC)));
            case DESCRIBE_CONFIGS -> new DescribeConfigsResponseData().setResults(List.of(
                    new DescribeConfigsResponseData.DescribeConfigsResult().setResourceType((byte) 2).setResourceName(TOPIC)
                            .setConfigs(List.of(new DescribeConfigsResponseData.DescribeConfigsResourceResult()
                                    .setName("retention.ms").setValue("1000").setConfigSource((byte) 1)))));
            case ALTER_CONFIGS -> new AlterConfigsResponseData().setResponses(List.of(
                    new AlterConfigsResponseData.AlterConfigsResourceResponse().setResourceType((byte) 2).setResourceName(TOPIC)));
            case INCREMENTAL_ALTER_CONFIGS -> new IncrementalAlterConfigsResponseData().setResponses(List.of(
                    new IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse().setResourceType((byte) 2)
                            .setResourceName(TOPIC)));
            case DESCRIBE_CLUSTER -> {
                DescribeClusterResponseData.DescribeClusterBrokerCollection brokers =
                        new DescribeClusterResponseData.DescribeClusterBrokerCollection();
                brokers.add(new DescribeClusterResponseData.DescribeClusterBroker().setBrokerId(1).setHost("localhost").setPort(9092));
                yield new DescribeClusterResponseData().setClusterId("cluster-1").setControllerId(1).setBrokers(brokers);
            }
            case DELETE_RECORDS -> {
                DeleteRecordsResponseData.DeleteRecordsPartitionResultCollection partitions =
                        new DeleteRecordsResponseData.DeleteRecordsPartitionResultCollection();
                partitions.add(new DeleteRecordsResponseData.DeleteRecordsPartitionResult().setPartitionIndex(0).setLowWatermark(5));
                DeleteRecordsResponseData.DeleteRecordsTopicResultCollection topics =
                        new DeleteRecordsResponseData.DeleteRecordsTopicResultCollection();
                topics.add(new DeleteRecordsResponseData.DeleteRecordsTopicResult().setName(TOPIC).setPartitions(partitions));
                yield new DeleteRecordsResponseData().setTopics(topics);
            }
            case ELECT_LEADERS -> {
                ElectLeadersResponseData data = new ElectLeadersResponseData().setReplicaElectionResults(List.of(
                        new ElectLeadersResponseData.ReplicaElectionResult().setTopic(TOPIC).setPartitionResult(List.of(
                                new ElectLeadersResponseData.PartitionResult().setPartitionId(0),
                                new ElectLeadersResponseData.PartitionResult().setPartitionId(2).setErrorCode((short) 84)
                                        .setErrorMessage("Leader election not needed for topic partition")))));
                yield data;
            }
            case OFFSET_FOR_LEADER_EPOCH -> {
                OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResultCollection topics =
                        new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResultCollection();
                topics.add(new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(TOPIC).setPartitions(
                        List.of(new OffsetForLeaderEpochResponseData.EpochEndOffset().setPartition(0).setLeaderEpoch(2)
                                .setEndOffset(42),
                                new OffsetForLeaderEpochResponseData.EpochEndOffset().setPartition(1)
                                        .setErrorCode((short) 74))));
                yield new OffsetForLeaderEpochResponseData().setTopics(topics);
            }
            case ALTER_PARTITION_REASSIGNMENTS, LIST_PARTITION_REASSIGNMENTS, DESCRIBE_LOG_DIRS ->
                    ReassignmentSamples.response(key, v);
            case DESCRIBE_ACLS -> new DescribeAclsResponseData().setResources(List.of(new DescribeAclsResponseData.DescribeAclsResource()
                    .setResourceType((byte) 2).setResourceName(TOPIC).setPatternType((byte) 3).setAcls(List.of(
                            new DescribeAclsResponseData.AclDescription().setPrincipal("User:alice").setHost("*")
                                    .setOperation((byte) 3).setPermissionType((byte) 3)))));
            case CREATE_ACLS -> new CreateAclsResponseData().setResults(List.of(new CreateAclsResponseData.AclCreationResult(),
                    new CreateAclsResponseData.AclCreationResult().setErrorCode((short) 42).setErrorMessage("bad principal")));
            case DELETE_ACLS -> new DeleteAclsResponseData().setFilterResults(List.of(new DeleteAclsResponseData.DeleteAclsFilterResult()
                    .setMatchingAcls(List.of(new DeleteAclsResponseData.DeleteAclsMatchingAcl().setResourceType((byte) 3)
                            .setResourceName("payments").setPatternType((byte) 4).setPrincipal("User:bob").setHost("10.0.0.1")
                            .setOperation((byte) 3).setPermissionType((byte) 2)))));
            case SASL_HANDSHAKE, SASL_AUTHENTICATE, DESCRIBE_USER_SCRAM_CREDENTIALS, ALTER_USER_SCRAM_CREDENTIALS ->
                    SaslSamples.response(key, v);
            default -> GroupSamples.response(key, v);
        };
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
