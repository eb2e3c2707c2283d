package io.strata.kafka;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.strata.cluster.TopicAdmin;
import io.strata.metadata.AclStore;
import io.strata.metadata.MetadataCache;
import io.strata.security.AclAdmin;
import io.strata.security.AclBinding;
import io.strata.security.AclBindingFilter;
import io.strata.security.AclPermission;
import io.strata.security.AuditLog;
import io.strata.security.Caller;
import io.strata.security.Operation;
import io.strata.security.PatternType;
import io.strata.security.Principal;
import io.strata.security.ResourceType;
import io.strata.testing.AclEnforcedProfile;
import io.strata.testing.KeycloakServer;
import io.strata.testing.Tokens;
import io.strata.testing.Awaits;
import io.strata.testing.RecordingAuditLog;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import io.strata.group.OffsetManager;
import io.strata.metadata.StoredOffset;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.ResourcePattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ACL enforcement on the Kafka protocol with the real Java client, as Apache Kafka enforces it. On
 * the PLAINTEXT listener every client is {@code User:ANONYMOUS}; the tests grant and revoke ACLs for
 * it (as an administrator would, through {@link AclAdmin}) on resources only they use.
 */
@QuarkusTest
@TestProfile(AclEnforcedProfile.class)
class AclEnforcementTest {

    private static final String ANONYMOUS = Principal.ANONYMOUS.toString();
    private static final Caller OPERATOR = new Caller(Principal.user("operator"), "127.0.0.1", Set.of(Caller.ADMIN_ROLE));

    @Inject
    KafkaServer server;

    @Inject
    AclAdmin acls;

    @Inject
    AclStore store;

    @Inject
    TopicAdmin topics;

    @Inject
    MetadataCache metadata;

    @Inject
    RecordingAuditLog audit;

    @Inject
    OffsetManager offsets;

    private final List<AclBinding> granted = new ArrayList<>();
    /** Opened by the tests that administer, closed after each. */
    private Admin admin;

    @AfterEach
    void tearDown() {
        if (admin != null) {
            admin.close();
        }
        if (!granted.isEmpty()) {
            acls.delete(OPERATOR, granted.stream().map(b -> new AclBindingFilter(b.principal(), b.host(), b.resourceType(),
                    b.patternType(), b.resourceName(), b.operation(), b.permission())).toList());
        }
    }

    private void grant(ResourceType type, PatternType pattern, String name, Operation operation, AclPermission permission) {
        grantFrom("*", type, pattern, name, operation, permission);
    }

    private void grantFrom(String host, ResourceType type, PatternType pattern, String name, Operation operation,
            AclPermission permission) {
        grantTo(ANONYMOUS, host, type, pattern, name, operation, permission);
    }

    private void grantTo(String principal, String host, ResourceType type, PatternType pattern, String name,
            Operation operation, AclPermission permission) {
        AclBinding binding = new AclBinding(principal, host, type, pattern, name, operation, permission);
        acls.create(OPERATOR, List.of(binding));
        granted.add(binding);
    }

    private void allow(ResourceType type, String name, Operation operation) {
        grant(type, PatternType.LITERAL, name, operation, AclPermission.ALLOW);
    }

    private String topic(String prefix) {
        String name = KafkaTestSupport.uniqueTopic(prefix);
        topics.createTopic(name, 1, 1, Map.of(), false);
        return name;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return KafkaTestSupport.producer(server, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000));
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer, String topic, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8))).get();
    }

    private static Throwable failureOfProduce(KafkaProducer<byte[], byte[]> producer, String topic) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> producer.send(new ProducerRecord<>(topic, new byte[] {1})).get());
        return e.getCause();
    }

    private boolean deniedAudited(String action, ResourceType type, String name) {
        return audit.events().stream().anyMatch(e -> e.outcome() == AuditLog.Outcome.DENIED && e.action().startsWith(action)
                && e.resource().equals(type + ":" + name) && e.caller().principal().equals(Principal.ANONYMOUS));
    }

    @Test
    void shouldRefuseProduceWithTopicAuthorizationFailedUntilWriteIsGrantedWhenEnforcing() throws Exception {
        String topic = topic("acl-produce");
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            assertInstanceOf(TopicAuthorizationException.class, failureOfProduce(producer, topic));
        }
        assertTrue(deniedAudited("Metadata", ResourceType.TOPIC, topic), "the denial is in the audit log");

        allow(ResourceType.TOPIC, topic, Operation.WRITE);

        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            produce(producer, topic, "granted");
        }
        allow(ResourceType.TOPIC, topic, Operation.READ);
        assertEquals(1, readAll(topic).size());
    }

    @Test
    void shouldGiveAnIdempotentProducerAnIdOnlyWhenItMayWriteSomeTopic() throws Exception {
        String topic = topic("acl-idempotent");
        allow(ResourceType.TOPIC, topic, Operation.DESCRIBE);
        Map<String, Object> idempotent = Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, idempotent)) {
            Throwable failure = failureOfProduce(producer, topic);
            while (failure.getCause() != null && !(failure instanceof ClusterAuthorizationException)) {
                failure = failure.getCause();
            }
            assertInstanceOf(ClusterAuthorizationException.class, failure);
        }
        assertTrue(deniedAudited("InitProducerId", ResourceType.CLUSTER, ResourceType.CLUSTER_NAME));

        allow(ResourceType.TOPIC, topic, Operation.WRITE);

        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, idempotent)) {
            produce(producer, topic, "idempotent");
        }
    }

    @Test
    void shouldLetDenyOverrideAPrefixedAllowWhenBothMatch() throws Exception {
        String prefix = KafkaTestSupport.uniqueTopic("acl-deny") + ".";
        String open = topic(prefix + "open");
        String closed = topic(prefix + "closed");
        grant(ResourceType.TOPIC, PatternType.PREFIXED, prefix, Operation.ALL, AclPermission.ALLOW);
        grant(ResourceType.TOPIC, PatternType.LITERAL, closed, Operation.WRITE, AclPermission.DENY);

        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            produce(producer, open, "through the prefix");
            assertInstanceOf(TopicAuthorizationException.class, failureOfProduce(producer, closed));
        }
        assertTrue(deniedAudited("Produce", ResourceType.TOPIC, closed), "the denied produce is in the audit log");
        // DENY WRITE does not deny what ALL still grants: reading the denied topic works.
        assertEquals(0, readAll(closed).size());
    }

    @Test
    void shouldNeedGroupReadThenTopicReadWhenConsumingInAGroup() throws Exception {
        String topic = topic("acl-consume");
        String group = KafkaTestSupport.uniqueTopic("acl-group");
        allow(ResourceType.TOPIC, topic, Operation.WRITE);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            produce(producer, topic, "one");
        }

        assertInstanceOf(GroupAuthorizationException.class, pollFailure(topic, group));
        assertTrue(deniedAudited("FindCoordinator", ResourceType.GROUP, group));

        allow(ResourceType.GROUP, group, Operation.READ);
        assertInstanceOf(TopicAuthorizationException.class, pollFailure(topic, group));

        allow(ResourceType.TOPIC, topic, Operation.READ);
        try (KafkaConsumer<byte[], byte[]> consumer = groupConsumer(group)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> records = Awaits.awaitValue(() -> {
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
                consumer.poll(Duration.ofMillis(500)).forEach(batch::add);
                return batch;
            }, batch -> !batch.isEmpty(), "records once READ is granted", 30_000);
            assertEquals("one", new String(records.get(0).value(), StandardCharsets.UTF_8));
            consumer.commitSync();
        }
        assertEquals(1L, admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .values().iterator().next().offset());
    }

    @Test
    void shouldListAndDescribeOnlyDescribableTopicsWhenAskingForMetadata() throws Exception {
        String visible = topic("acl-visible");
        String hidden = topic("acl-hidden");
        allow(ResourceType.TOPIC, visible, Operation.DESCRIBE);

        Set<String> listed = admin().listTopics().names().get();

        assertTrue(listed.contains(visible), listed::toString);
        assertFalse(listed.contains(hidden), listed::toString);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> admin().describeTopics(List.of(hidden)).allTopicNames().get());
        assertInstanceOf(TopicAuthorizationException.class, e.getCause());
        assertEquals(1, admin().describeTopics(List.of(visible)).allTopicNames().get().get(visible).partitions().size());
        // The HTTP API applies the same ACLs to the caller of a bearer token.
        String service = "User:" + Tokens.ORDERS_CONSUMER.clientId();
        grantTo(service, "*", ResourceType.TOPIC, PatternType.LITERAL, visible, Operation.DESCRIBE, AclPermission.ALLOW);
        String token = KeycloakServer.get().tokens().clientCredentials(Tokens.ORDERS_CONSUMER);
        given().auth().oauth2(token).get("/v3/clusters/" + metadata.image().clusterId() + "/topics").then().statusCode(200)
                .body("data.topic_name", hasItem(visible)).body("data.topic_name", not(hasItem(hidden)));
        given().auth().oauth2(token).delete("/v3/clusters/" + metadata.image().clusterId() + "/topics/" + hidden).then().statusCode(403)
                .body("error_code", equalTo(40301));
        assertTrue(deniedAudited("http DELETE", ResourceType.TOPIC, hidden));
        given().auth().oauth2(token).get("/v3/clusters/" + metadata.image().clusterId() + "/acls").then().statusCode(403)
                .body("error_code", equalTo(40301));
    }

    @Test
    void shouldRequireClusterActionForReplicaFetchesEvenWithReadOnTheTopic() throws Exception {
        String topic = topic("acl-replica");
        allow(ResourceType.TOPIC, topic, Operation.ALL);
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            assertEquals(Errors.TOPIC_AUTHORIZATION_FAILED.code(), replicaFetch(raw, topic).errorCode());
            assertEquals(Errors.NONE.code(), consumerFetch(raw, topic).errorCode());

            allow(ResourceType.CLUSTER, ResourceType.CLUSTER_NAME, Operation.CLUSTER_ACTION);

            assertFalse(replicaFetch(raw, topic).errorCode() == Errors.TOPIC_AUTHORIZATION_FAILED.code());
        }
        assertTrue(deniedAudited("Fetch", ResourceType.CLUSTER, ResourceType.CLUSTER_NAME));
    }

    private static FetchResponseData.PartitionData replicaFetch(RawKafkaClient raw, String topic) throws Exception {
        return fetchAs(raw, topic, 2);
    }

    private static FetchResponseData.PartitionData consumerFetch(RawKafkaClient raw, String topic) throws Exception {
        return fetchAs(raw, topic, -1);
    }

    private static FetchResponseData.PartitionData fetchAs(RawKafkaClient raw, String topic, int replicaId) throws Exception {
        FetchRequestData request = new FetchRequestData().setReplicaId(replicaId).setMaxWaitMs(0).setMinBytes(0)
                .setMaxBytes(1 << 20).setSessionId(0).setSessionEpoch(-1).setTopics(List.of(new FetchRequestData.FetchTopic()
                        .setTopic(topic).setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                                .setFetchOffset(0).setPartitionMaxBytes(1 << 20)))));
        FetchResponseData response = (FetchResponseData) raw.send(ApiKeys.FETCH, (short) 12, request);
        return response.responses().get(0).partitions().get(0);
    }

    @Test
    void shouldMatchTheClientAddressWhenAnAclNamesAHost() throws Exception {
        String topic = topic("acl-host");
        grantFrom("10.9.9.9", ResourceType.TOPIC, PatternType.LITERAL, topic, Operation.DESCRIBE, AclPermission.ALLOW);

        assertFalse(admin().listTopics().names().get().contains(topic));

        grantFrom("127.0.0.1", ResourceType.TOPIC, PatternType.LITERAL, topic, Operation.DESCRIBE, AclPermission.ALLOW);

        assertTrue(admin().listTopics().names().get().contains(topic));
    }

    @Test
    void shouldRefuseTopicAdministrationWithoutCreateAndDeleteWhenEnforcing() throws Exception {
        String name = KafkaTestSupport.uniqueTopic("acl-admin");

        ExecutionException create = assertThrows(ExecutionException.class,
                () -> admin().createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get());
        assertInstanceOf(TopicAuthorizationException.class, create.getCause());
        assertTrue(metadata.refresh().topic(name).isEmpty());

        allow(ResourceType.TOPIC, name, Operation.CREATE);
        admin().createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();

        ExecutionException delete = assertThrows(ExecutionException.class, () -> admin().deleteTopics(List.of(name)).all().get());
        assertInstanceOf(TopicAuthorizationException.class, delete.getCause());
        assertTrue(metadata.refresh().topic(name).isPresent());
    }

    @Test
    void shouldAnswerEachAdminCallWithItsAuthorizationErrorWhenOnlyDescribeIsGranted() throws Exception {
        String topic = topic("acl-matrix");
        String hiddenGroup = KafkaTestSupport.uniqueTopic("acl-hidden-group");
        String visibleGroup = KafkaTestSupport.uniqueTopic("acl-visible-group");
        offsets.commit(hiddenGroup, List.of(new StoredOffset(topic, 0, 0, -1, null, System.currentTimeMillis())));
        offsets.commit(visibleGroup, List.of(new StoredOffset(topic, 0, 0, -1, null, System.currentTimeMillis())));
        allow(ResourceType.TOPIC, topic, Operation.DESCRIBE);
        allow(ResourceType.GROUP, visibleGroup, Operation.DESCRIBE);
        org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, 0);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);

        assertFailsWith(TopicAuthorizationException.class, admin().describeConfigs(List.of(resource)).all());
        assertFailsWith(TopicAuthorizationException.class, admin().incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET)))).all());
        assertFailsWith(TopicAuthorizationException.class,
                admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all());
        assertFailsWith(TopicAuthorizationException.class,
                admin().deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(0))).all());
        assertFailsWith(ClusterAuthorizationException.class,
                admin().electLeaders(ElectionType.PREFERRED, Set.of(tp)).all());
        assertFailsWith(GroupAuthorizationException.class, admin().describeConsumerGroups(List.of(hiddenGroup)).all());
        assertFailsWith(GroupAuthorizationException.class, admin().deleteConsumerGroups(List.of(visibleGroup)).all());
        // What DESCRIBE does allow: offsets, the group's own listing and its committed offsets.
        assertEquals(0L, admin().listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset());
        Set<String> groups = admin().listConsumerGroups().all().get().stream()
                .map(org.apache.kafka.clients.admin.ConsumerGroupListing::groupId).collect(java.util.stream.Collectors.toSet());
        assertTrue(groups.contains(visibleGroup), groups::toString);
        assertFalse(groups.contains(hiddenGroup), groups::toString);
        assertEquals(0L, admin().listConsumerGroupOffsets(visibleGroup).partitionsToOffsetAndMetadata().get().get(tp).offset());
        assertTrue(deniedAudited("ElectLeaders", ResourceType.CLUSTER, ResourceType.CLUSTER_NAME));
        assertEquals(1, metadata.refresh().topic(topic).orElseThrow().partitionCount());
    }

    private static void assertFailsWith(Class<? extends Throwable> expected, KafkaFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        assertInstanceOf(expected, e.getCause());
    }

    @Test
    void shouldManageAclsOverKafkaOnlyWithClusterPermissionsWhenEnforcing() throws Exception {
        org.apache.kafka.common.acl.AclBinding binding = new org.apache.kafka.common.acl.AclBinding(
                new ResourcePattern(org.apache.kafka.common.resource.ResourceType.TOPIC, "acl-kafka-managed",
                        org.apache.kafka.common.resource.PatternType.LITERAL),
                new AccessControlEntry("User:kafka-managed", "*", AclOperation.READ, AclPermissionType.ALLOW));

        ExecutionException denied = assertThrows(ExecutionException.class, () -> admin().createAcls(List.of(binding)).all().get());
        assertInstanceOf(ClusterAuthorizationException.class, denied.getCause());
        ExecutionException describeDenied = assertThrows(ExecutionException.class,
                () -> admin().describeAcls(binding.toFilter()).values().get());
        assertInstanceOf(ClusterAuthorizationException.class, describeDenied.getCause());

        allow(ResourceType.CLUSTER, ResourceType.CLUSTER_NAME, Operation.ALTER);
        admin().createAcls(List.of(binding)).all().get();
        // As in Kafka, ALTER implies DESCRIBE, so the same grant lets it read the ACLs back.
        assertEquals(List.of(binding), List.copyOf(admin().describeAcls(binding.toFilter()).values().get()));
        assertEquals(List.of(binding), List.copyOf(admin().deleteAcls(List.of(binding.toFilter())).all().get()));
        assertTrue(store.load().acls().stream().noneMatch(a -> a.principal().equals("User:kafka-managed")));
    }

    private Admin admin() {
        if (admin == null) {
            admin = KafkaTestSupport.admin(server);
        }
        return admin;
    }

    private Throwable pollFailure(String topic, String group) throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = groupConsumer(group)) {
            consumer.subscribe(List.of(topic));
            return Awaits.awaitValue(() -> {
                try {
                    consumer.poll(Duration.ofMillis(500));
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            }, failure -> failure != null, "poll to fail", 30_000);
        }
    }

    private KafkaConsumer<byte[], byte[]> groupConsumer(String group) {
        return KafkaTestSupport.consumer(server, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** Reads a one-partition topic from the start without a group (needs READ on the topic). */
    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, Map.of())) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            while (consumer.position(tp) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}
