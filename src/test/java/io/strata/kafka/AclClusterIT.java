package io.strata.kafka;

import static io.strata.testing.Awaits.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strata.metadata.AclStore;
import io.strata.metadata.StoredAcl;
import io.strata.security.Principal;
import io.strata.security.ResourceType;
import io.strata.testing.ClusterProcesses;
import io.strata.testing.KeycloakServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * ACLs across two real broker processes enforcing them ({@code auth.mode=oidc}, PLAINTEXT listener,
 * so clients and followers are {@code User:ANONYMOUS}): followers replicate only with CLUSTER_ACTION
 * granted, and an ACL written to PostgreSQL (as another broker's CreateAcls would) takes effect on
 * every broker through NOTIFY. Waits are bounded polls; the propagation time is printed, not asserted.
 */
class AclClusterIT {

    /** ACLs on (auth mode oidc, so the brokers also need the test Keycloak) on a PLAINTEXT listener. */
    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(KeycloakServer.get().brokerEnv());
        env.put("STRATA_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
        return env;
    }
    private static final String ANONYMOUS = Principal.ANONYMOUS.toString();
    private static final String TOPIC = "acl-it.replicated";

    /** The running cluster, for the helpers; closed (brokers killed) when the test ends. */
    private ClusterProcesses cluster;

    @Test
    void shouldReplicateWithClusterActionAndEnforceAChangeOnEveryBrokerWhenAclsChangeInPostgres() throws Exception {
        try (ClusterProcesses started = ClusterProcesses.start(2, env())) {
            cluster = started;
            replicateThenRevoke();
        }
    }

    private void replicateThenRevoke() throws Exception {
        AclStore store = new AclStore(dataSource());
        StoredAcl topics = acl("TOPIC", "PREFIXED", "acl-it.", "ALL");
        store.create(List.of(acl("CLUSTER", "LITERAL", ResourceType.CLUSTER_NAME, "CLUSTER_ACTION"),
                acl("CLUSTER", "LITERAL", ResourceType.CLUSTER_NAME, "CREATE"), topics));

        try (Admin admin = admin()) {
            awaitValue(() -> createTopic(admin), created -> created, "the CREATE grant to reach the broker", 30_000);
        }
        try (KafkaProducer<String, String> producer = producer()) {
            // acks=all with min.insync.replicas=2: acknowledged only once the follower fetched it.
            assertEquals(0, producer.send(new ProducerRecord<>(TOPIC, 0, "k", "replicated")).get().offset());
        }

        long revokedAtNanos = System.nanoTime();
        store.delete(List.of(topics::equals));
        for (int node : List.of(1, 2)) {
            awaitValue(() -> metadataError(node), error -> error == Errors.TOPIC_AUTHORIZATION_FAILED,
                    "broker " + node + " to apply the revocation", 30_000);
            System.out.printf("ACL revocation in force on broker %d after %d ms%n", node,
                    (System.nanoTime() - revokedAtNanos) / 1_000_000);
        }
        try (KafkaProducer<String, String> producer = producer()) {
            ExecutionException denied = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(TOPIC, 0, "k", "refused")).get());
            assertInstanceOf(TopicAuthorizationException.class, denied.getCause());
        }
    }

    private static StoredAcl acl(String type, String pattern, String name, String operation) {
        return new StoredAcl(ANONYMOUS, "*", type, pattern, name, operation, "ALLOW");
    }

    private boolean createTopic(Admin admin) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 2).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get();
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private Errors metadataError(int node) throws Exception {
        try (RawKafkaClient raw = new RawKafkaClient(cluster.broker(node).kafkaPort())) {
            MetadataResponseData response = (MetadataResponseData) raw.send(ApiKeys.METADATA, (short) 12,
                    new MetadataRequestData().setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(TOPIC))));
            return Errors.forCode(response.topics().find(TOPIC).errorCode());
        }
    }

    private PGSimpleDataSource dataSource() throws Exception {
        PGSimpleDataSource source = new PGSimpleDataSource();
        try (var c = cluster.connect()) {
            source.setUrl(c.getMetaData().getURL());
            source.setUser(c.getMetaData().getUserName());
        }
        return source;
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(p);
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(p);
    }

    private String bootstrap() {
        return "localhost:" + cluster.broker(1).kafkaPort() + ",localhost:" + cluster.broker(2).kafkaPort();
    }
}
