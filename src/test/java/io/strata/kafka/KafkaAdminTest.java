package io.strata.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real AdminClient: topics, partitions, configs and cluster description. */
@QuarkusTest
class KafkaAdminTest {

    @Inject
    KafkaServer server;

    private Admin admin;

    @BeforeEach
    void setUp() {
        admin = KafkaTestSupport.admin(server);
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    @Test
    void shouldCreateDescribeAndDeleteTopicWhenDefaultsRequested() throws Exception {
        String name = KafkaTestSupport.uniqueTopic("admin");
        CreateTopicsResult created = admin.createTopics(List.of(new NewTopic(name, Optional.empty(), Optional.empty())
                .configs(Map.of("retention.ms", "3600000"))));
        created.all().get();
        assertEquals(1, created.numPartitions(name).get());
        assertEquals(1, created.replicationFactor(name).get());
        assertNotNull(created.topicId(name).get());

        TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
        assertEquals(1, description.partitions().size());
        assertEquals(created.topicId(name).get(), description.topicId());
        assertNotNull(description.partitions().get(0).leader());
        assertTrue(admin.listTopics().names().get().contains(name));

        admin.deleteTopics(List.of(name)).all().get();
        assertFalse(admin.listTopics().names().get().contains(name));
        ExecutionException e = assertThrows(ExecutionException.class, () -> admin.deleteTopics(List.of(name)).all().get());
        assertInstanceOf(UnknownTopicOrPartitionException.class, e.getCause());
    }

    @Test
    void shouldNotCreateTopicWhenValidateOnly() throws Exception {
        String name = KafkaTestSupport.uniqueTopic("validate");
        admin.createTopics(List.of(new NewTopic(name, 3, (short) 1)), new CreateTopicsOptions().validateOnly(true)).all().get();

        assertFalse(admin.listTopics().names().get().contains(name));
    }

    @Test
    void shouldRejectTopicWhenExistsOrConfigInvalid() throws Exception {
        String name = KafkaTestSupport.createTopic(admin, "dup", 1);

        ExecutionException exists = assertThrows(ExecutionException.class,
                () -> admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get());
        assertInstanceOf(TopicExistsException.class, exists.getCause());
        ExecutionException invalid = assertThrows(ExecutionException.class, () -> admin.createTopics(List.of(
                new NewTopic(KafkaTestSupport.uniqueTopic("bad"), 1, (short) 1).configs(Map.of("retention.ms", "soon")))).all().get());
        assertInstanceOf(InvalidConfigurationException.class, invalid.getCause());
    }

    @Test
    void shouldRaisePartitionCountWhenCreatePartitions() throws Exception {
        String name = KafkaTestSupport.createTopic(admin, "grow", 2);

        admin.createPartitions(Map.of(name, NewPartitions.increaseTo(5))).all().get();

        assertEquals(5, admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().size());
    }

    @Test
    void shouldReportOverridesAndDefaultsWhenDescribingTopicConfigs() throws Exception {
        String name = KafkaTestSupport.uniqueTopic("configs");
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);

        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);

        ConfigEntry policy = config.get("cleanup.policy");
        assertEquals("compact", policy.value());
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, policy.source());
        ConfigEntry segment = config.get("segment.bytes");
        assertEquals("1073741824", segment.value());
        assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, segment.source());
        assertTrue(segment.isDefault());
    }

    @Test
    void shouldApplySetDeleteAppendWhenIncrementalAlterConfigs() throws Exception {
        String name = KafkaTestSupport.createTopic(admin, "incremental", 1);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);

        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "60000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND)))).all().get();
        Config after = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertEquals("60000", after.get("retention.ms").value());
        assertEquals("delete,compact", after.get("cleanup.policy").value());

        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE)))).all().get();
        ConfigEntry retention = admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms");
        assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, retention.source());
    }

    @Test
    void shouldDescribeBrokerConfigsWhenBrokerResource() throws Exception {
        int nodeId = admin.describeCluster().nodes().get().iterator().next().id();
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(nodeId));

        Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);

        assertEquals("false", config.get("auto.create.topics.enable").value());
        assertEquals(Integer.toString(nodeId), config.get("node.id").value());
    }

    @Test
    void shouldDescribeClusterWhenAsked() throws Exception {
        DescribeClusterResult cluster = admin.describeCluster();

        assertFalse(cluster.clusterId().get().isEmpty());
        assertEquals(1, cluster.nodes().get().size());
        assertEquals(server.boundPort(), cluster.nodes().get().iterator().next().port());
        assertNotNull(cluster.controller().get());
    }

    /** The legacy AlterConfigs is gone from the 4.x Admin API, but older clients and tools still send it. */
    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {0, 1, 2})
    void shouldReplaceOverridesWhenLegacyAlterConfigs(short version) throws Exception {
        String name = KafkaTestSupport.uniqueTopic("legacy");
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
        AlterConfigsRequestData.AlterableConfigCollection configs = new AlterConfigsRequestData.AlterableConfigCollection();
        configs.add(new AlterConfigsRequestData.AlterableConfig().setName("retention.ms").setValue("120000"));
        AlterConfigsRequestData.AlterConfigsResourceCollection resources = new AlterConfigsRequestData.AlterConfigsResourceCollection();
        resources.add(new AlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2).setResourceName(name)
                .setConfigs(configs));

        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            AlterConfigsResponseData response = (AlterConfigsResponseData) raw.send(ApiKeys.ALTER_CONFIGS, version,
                    new AlterConfigsRequestData().setResources(resources));
            assertEquals(0, response.responses().get(0).errorCode());
        }

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config after = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertEquals("120000", after.get("retention.ms").value());
        // Replace-all semantics: the override not sent again is gone.
        assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, after.get("cleanup.policy").source());
    }

    /** Found by KafkaFrameFuzzTest: a null config value reached Map.copyOf and came back as UNKNOWN_SERVER_ERROR. */
    @Test
    void shouldAnswerInvalidConfigWhenCreateTopicsConfigValueIsNull() throws Exception {
        String name = KafkaTestSupport.uniqueTopic("null-config");
        CreateTopicsRequestData.CreatableTopicConfigCollection configs = new CreateTopicsRequestData.CreatableTopicConfigCollection();
        configs.add(new CreateTopicsRequestData.CreatableTopicConfig().setName("retention.ms").setValue(null));
        CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
        topics.add(new CreateTopicsRequestData.CreatableTopic().setName(name).setNumPartitions(1)
                .setReplicationFactor((short) 1).setConfigs(configs));
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            CreateTopicsResponseData response = (CreateTopicsResponseData) raw.send(ApiKeys.CREATE_TOPICS, (short) 7,
                    new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(10_000));

            CreateTopicsResponseData.CreatableTopicResult result = response.topics().find(name);
            assertEquals(Errors.INVALID_CONFIG.code(), result.errorCode(), result.errorMessage());
            assertTrue(result.errorMessage().contains("retention.ms"), result.errorMessage());
        }
        assertFalse(admin.listTopics().names().get().contains(name), "nothing was created");
    }
}
