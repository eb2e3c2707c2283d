package io.strata.kafka;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.strata.metadata.MetadataCache;
import io.strata.security.ResourceType;
import io.strata.testing.KeycloakServer;
import io.strata.testing.KeycloakTestResource;
import io.strata.testing.Tokens;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The authorization matrix of issue 5 against a real Keycloak ({@code strata.auth.mode=oidc}, Kafka
 * listener SASL_PLAINTEXT): every principal × resource × operation of {@link #EXPECTED}, once over
 * HTTP (bearer tokens) and once over Kafka (the stock Java client), compared with that one table; all
 * mismatches are reported together. Every denied cell must also appear in the audit log
 * ({@code GET /audit-log?outcome=DENIED&principal=...}).
 *
 * <p>Fixture (set up once, by the admin service account over HTTP): topics {@code payments-R},
 * {@code orders.eu-R}, {@code ordersx-R}, {@code order.eu-R} (both prefix misses), {@code inventory-R} and group {@code payments-app-R}, where
 * R is a per-run suffix (the PostgreSQL metadata outlives the class); ACLs
 * <ul>
 *   <li>{@code User:vera} (the viewer): TOPIC LITERAL {@code *} DESCRIBE — the wildcard case;</li>
 *   <li>{@code User:orders-producer}: TOPIC PREFIXED {@code orders.} WRITE;</li>
 *   <li>{@code User:orders-consumer}: TOPIC LITERAL {@code payments-R} READ and GROUP LITERAL
 *       {@code payments-app-R} READ;</li>
 *   <li>{@code strata-admin-service} has the realm role {@code admin} and needs no ACL.</li>
 * </ul>
 * Create acts on a new topic named after the resource ({@code <topic>.new-<channel>-<principal>}) and
 * delete on a pre-created sibling ({@code <topic>.del-<channel>}): both keep the resource's pattern
 * relationship (prefix hit stays a hit, miss a miss) without destroying the fixture.
 *
 * <p>Kafka column specifics: vera has no client-credentials token, so her Kafka cells use a SCRAM
 * credential for the same principal {@code User:vera} (same ACLs); unauthenticated principals are
 * probed once on a raw connection (a Metadata request without SASL, or an OAUTHBEARER login with the
 * expired, foreign-realm or audience-less token) and every cell of theirs takes that result. Offset commit has no HTTP
 * endpoint, so its HTTP cells are not applicable.
 */
@QuarkusTest
@TestProfile(AuthorizationMatrixTest.MatrixProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

    public static class MatrixProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("strata.auth.mode", "oidc", "strata.kafka.security-protocol", "SASL_PLAINTEXT",
                    "strata.kafka.sasl-mechanisms", "OAUTHBEARER,SCRAM-SHA-256",
                    // Tokens must name Strata as their audience: Tokens.NO_AUDIENCE's do not.
                    "quarkus.oidc.token.audience", "strata");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeycloakTestResource.class));
        }
    }

    /**
     * The expected outcome of every cell: A = ALLOW, D = DENY, U = UNAUTHENTICATED. Same table for
     * HTTP and Kafka. Kafka semantics: WRITE and READ imply DESCRIBE; a PREFIXED ACL matches names
     * starting with the prefix; LITERAL {@code *} matches every name; nothing implies CREATE, DELETE
     * or ALTER_CONFIGS; group READ implies group DESCRIBE; committing needs group READ + topic READ.
     */
    private static final String EXPECTED = """
            # topic rows:   produce read describe create delete alter-config
            # group rows:   describe commit-offset          (commit on payments)
            # cluster rows: describe(list ACLs) alter(create ACL)
            # ACLs: vera LITERAL * DESCRIBE (the only one matching inventory); orders-producer PREFIXED
            # orders. WRITE (hit: orders.eu; misses: ordersx, order.eu); orders-consumer LITERAL
            # payments READ + group READ; admin: realm role admin, no ACL
            no-token     payments   U U U U U U
            no-token     orders.eu  U U U U U U
            no-token     ordersx    U U U U U U
            no-token     order.eu   U U U U U U
            no-token     inventory  U U U U U U
            no-token     group      U U
            no-token     cluster    U U
            expired      payments   U U U U U U
            expired      orders.eu  U U U U U U
            expired      ordersx    U U U U U U
            expired      order.eu   U U U U U U
            expired      inventory  U U U U U U
            expired      group      U U
            expired      cluster    U U
            other-realm  payments   U U U U U U
            other-realm  orders.eu  U U U U U U
            other-realm  ordersx    U U U U U U
            other-realm  order.eu   U U U U U U
            other-realm  inventory  U U U U U U
            other-realm  group      U U
            other-realm  cluster    U U
            no-audience  payments   U U U U U U
            no-audience  orders.eu  U U U U U U
            no-audience  ordersx    U U U U U U
            no-audience  order.eu   U U U U U U
            no-audience  inventory  U U U U U U
            no-audience  group      U U
            no-audience  cluster    U U
            viewer       payments   D D A D D D
            viewer       orders.eu  D D A D D D
            viewer       ordersx    D D A D D D
            viewer       order.eu   D D A D D D
            viewer       inventory  D D A D D D
            viewer       group      D D
            viewer       cluster    D D
            producer     payments   D D D D D D
            producer     orders.eu  A D A D D D
            producer     ordersx    D D D D D D
            producer     order.eu   D D D D D D
            producer     inventory  D D D D D D
            producer     group      D D
            producer     cluster    D D
            consumer     payments   D A A D D D
            consumer     orders.eu  D D D D D D
            consumer     ordersx    D D D D D D
            consumer     order.eu   D D D D D D
            consumer     inventory  D D D D D D
            consumer     group      A A
            consumer     cluster    D D
            admin        payments   A A A A A A
            admin        orders.eu  A A A A A A
            admin        ordersx    A A A A A A
            admin        order.eu   A A A A A A
            admin        inventory  A A A A A A
            admin        group      A A
            admin        cluster    A A
            """;

    enum Who {
        NO_TOKEN("no-token"), EXPIRED("expired"), OTHER_REALM("other-realm"), NO_AUDIENCE("no-audience"), VIEWER("viewer"), PRODUCER("producer"),
        CONSUMER("consumer"), ADMIN("admin");

        final String label;

        Who(String label) {
            this.label = label;
        }

        boolean authenticates() {
            return ordinal() >= VIEWER.ordinal();
        }
    }

    enum Kind { TOPIC, GROUP, CLUSTER }

    enum Res {
        PAYMENTS("payments", Kind.TOPIC), ORDERS_EU("orders.eu", Kind.TOPIC), ORDERSX("ordersx", Kind.TOPIC),
        ORDER_EU("order.eu", Kind.TOPIC),
        INVENTORY("inventory", Kind.TOPIC), GROUP("group", Kind.GROUP), CLUSTER("cluster", Kind.CLUSTER);

        final String label;
        final Kind kind;

        Res(String label, Kind kind) {
            this.label = label;
            this.kind = kind;
        }
    }

    enum Op {
        PRODUCE(Kind.TOPIC), READ(Kind.TOPIC), DESCRIBE(Kind.TOPIC), CREATE(Kind.TOPIC), DELETE(Kind.TOPIC),
        ALTER_CONFIG(Kind.TOPIC), GROUP_DESCRIBE(Kind.GROUP), COMMIT_OFFSET(Kind.GROUP), CLUSTER_DESCRIBE(Kind.CLUSTER),
        CLUSTER_ALTER(Kind.CLUSTER);

        final Kind kind;

        Op(Kind kind) {
            this.kind = kind;
        }

        static List<Op> of(Kind kind) {
            return Arrays.stream(values()).filter(o -> o.kind == kind).toList();
        }
    }

    enum Outcome { ALLOW, DENY, UNAUTHENTICATED }

    enum Channel { HTTP, KAFKA }

    record Cell(Who who, Res res, Op op) {}

    /** A cell's observed result: an outcome, or an unexpected error. */
    record Observed(Outcome outcome, String detail) {
        static Observed of(Outcome outcome) {
            return new Observed(outcome, "");
        }

        static Observed error(String detail) {
            return new Observed(null, detail);
        }
    }

    /** A denial the audit log must show: the principal, the resource, and whether it came over HTTP. */
    record AuditedDenial(Cell cell, String principal, String resource, Channel channel) {}

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String GROUP_ID = "payments-app-" + RUN;
    private static final String SCRAM_PASSWORD = "vera-scram-" + RUN;
    private static final Duration AUDIT_WAIT = Duration.ofSeconds(20);
    private static final KeycloakServer KEYCLOAK = KeycloakServer.get();

    @Inject
    KafkaServer server;

    @Inject
    MetadataCache metadata;

    private final Map<Who, String> tokens = new EnumMap<>(Who.class);
    private final Map<Who, Admin> admins = new EnumMap<>(Who.class);
    private final Map<Who, KafkaProducer<byte[], byte[]>> producers = new EnumMap<>(Who.class);
    private final Map<Who, Observed> kafkaLogins = new EnumMap<>(Who.class);
    private final List<Map<String, String>> createdAcls = new ArrayList<>();
    private boolean setUp;
    /** Quarkus resets RestAssured's port before {@code @AfterAll}; the clean-up needs the broker's. */
    private int httpPort;

    // ---------------------------------------------------------------- the test

    @ParameterizedTest
    @EnumSource(Channel.class)
    void shouldMatchTheExpectedTableAndAuditEveryDenialWhenEachPrincipalTriesEachOperation(Channel channel)
            throws Exception {
        setUpOnce();
        Map<Cell, Outcome> expected = expectedTable();
        List<String> mismatches = new ArrayList<>();
        List<AuditedDenial> denials = new ArrayList<>();
        int cells = 0;
        long startMs = System.currentTimeMillis();
        // The admin goes last: its deletes and creates must not change what the others see.
        for (Who who : Who.values()) {
            for (Res res : Res.values()) {
                for (Op op : Op.of(res.kind)) {
                    if (channel == Channel.HTTP && op == Op.COMMIT_OFFSET) {
                        continue; // no HTTP endpoint commits offsets
                    }
                    Cell cell = new Cell(who, res, op);
                    Outcome want = expected.get(cell);
                    Observed got = channel == Channel.HTTP ? http(cell) : kafka(cell);
                    cells++;
                    if (got.outcome() != want) {
                        mismatches.add(channel + " " + who.label + " " + res.label + " " + op + ": expected " + want
                                + ", got " + (got.outcome() == null ? "ERROR" : got.outcome()) + " " + got.detail());
                    }
                    if (want == Outcome.DENY && got.outcome() == Outcome.DENY) {
                        denials.add(new AuditedDenial(cell, principal(who), auditResource(cell, channel), channel));
                    }
                }
            }
        }
        mismatches.addAll(missingAuditRows(denials));
        System.out.printf("Authorization matrix over %s: %d cells, %d denials looked up in the audit log, %d ms%n", channel, cells,
                denials.size(), System.currentTimeMillis() - startMs);
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " problems in " + cells + " " + channel
                    + " cells (an outcome differing from the expected table, or a denial missing from the audit log):\n  "
                    + String.join("\n  ", mismatches));
        }
    }

    /** Parses {@link #EXPECTED}; fails on a row or cell it cannot place, so the table stays complete. */
    private static Map<Cell, Outcome> expectedTable() {
        Map<Cell, Outcome> table = new HashMap<>();
        for (String line : EXPECTED.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            String[] f = line.split("\\s+");
            Who who = Arrays.stream(Who.values()).filter(w -> w.label.equals(f[0])).findFirst().orElseThrow();
            Res res = Arrays.stream(Res.values()).filter(r -> r.label.equals(f[1])).findFirst().orElseThrow();
            List<Op> ops = Op.of(res.kind);
            assertTrue(f.length == 2 + ops.size(), "row " + line + " needs " + ops.size() + " outcomes");
            for (int i = 0; i < ops.size(); i++) {
                Outcome o = switch (f[2 + i]) {
                    case "A" -> Outcome.ALLOW;
                    case "D" -> Outcome.DENY;
                    case "U" -> Outcome.UNAUTHENTICATED;
                    default -> throw new IllegalArgumentException("bad outcome in " + line);
                };
                table.put(new Cell(who, res, ops.get(i)), o);
            }
        }
        int size = 0;
        for (Res res : Res.values()) {
            size += Who.values().length * Op.of(res.kind).size();
        }
        assertTrue(table.size() == size, "the table covers " + table.size() + " of " + size + " cells");
        return table;
    }

    // ---------------------------------------------------------------- names

    private static String topic(Res res) {
        return res.label + "-" + RUN;
    }

    private static String newTopic(Res res, Channel channel, Who who) {
        return topic(res) + ".new-" + channel.name().toLowerCase() + "-" + who.label;
    }

    private static String doomedTopic(Res res, Channel channel) {
        return topic(res) + ".del-" + channel.name().toLowerCase();
    }

    private static String principal(Who who) {
        return "User:" + switch (who) {
            case VIEWER -> Tokens.VERA.username();
            case PRODUCER -> Tokens.ORDERS_PRODUCER.clientId();
            case CONSUMER -> Tokens.ORDERS_CONSUMER.clientId();
            case ADMIN -> Tokens.ADMIN_SERVICE.clientId();
            default -> throw new IllegalArgumentException(who + " has no principal");
        };
    }

    /** The resource a denial of {@code cell} is recorded against, as the audit log writes it. */
    private static String auditResource(Cell cell, Channel channel) {
        return switch (cell.op()) {
            case CREATE -> ResourceType.TOPIC + ":" + newTopic(cell.res(), channel, cell.who());
            case DELETE -> ResourceType.TOPIC + ":" + doomedTopic(cell.res(), channel);
            case GROUP_DESCRIBE, COMMIT_OFFSET -> ResourceType.GROUP + ":" + GROUP_ID;
            case CLUSTER_DESCRIBE, CLUSTER_ALTER -> ResourceType.CLUSTER + ":" + ResourceType.CLUSTER_NAME;
            default -> ResourceType.TOPIC + ":" + topic(cell.res());
        };
    }

    /** The ACL the cluster-alter cells create: harmless (a principal nobody is), removed afterwards. */
    private static Map<String, String> probeAcl() {
        return acl("TOPIC", "matrix-nothing-" + RUN, "LITERAL", "User:matrix-nobody-" + RUN, "READ");
    }

    private static Map<String, String> acl(String type, String name, String pattern, String principal, String operation) {
        Map<String, String> acl = new LinkedHashMap<>();
        acl.put("resource_type", type);
        acl.put("resource_name", name);
        acl.put("pattern_type", pattern);
        acl.put("principal", principal);
        acl.put("host", "*");
        acl.put("operation", operation);
        acl.put("permission", "ALLOW");
        return acl;
    }

    // ---------------------------------------------------------------- fixture

    private void setUpOnce() throws Exception {
        if (setUp) {
            return;
        }
        setUp = true;
        httpPort = RestAssured.port;
        String expiring = KEYCLOAK.tokens().clientCredentials(Tokens.SHORT_LIVED);
        long expiredAtMs = Tokens.claims(expiring).get("exp").asLong() * 1000 + 1_000;
        tokens.put(Who.EXPIRED, expiring);
        tokens.put(Who.OTHER_REALM, KEYCLOAK.tokens().clientCredentials(Tokens.OTHER_REALM));
        tokens.put(Who.NO_AUDIENCE, KEYCLOAK.tokens().clientCredentials(Tokens.NO_AUDIENCE));
        tokens.put(Who.VIEWER, KEYCLOAK.tokens().password(Tokens.VERA));
        tokens.put(Who.PRODUCER, KEYCLOAK.tokens().clientCredentials(Tokens.ORDERS_PRODUCER));
        tokens.put(Who.CONSUMER, KEYCLOAK.tokens().clientCredentials(Tokens.ORDERS_CONSUMER));
        tokens.put(Who.ADMIN, KEYCLOAK.tokens().clientCredentials(Tokens.ADMIN_SERVICE));

        for (Res res : Res.values()) {
            if (res.kind == Kind.TOPIC) {
                adminHttp().body(Map.of("topic_name", topic(res), "partitions_count", 1, "replication_factor", 1))
                        .post(clusterUrl() + "/topics").then().statusCode(201);
                for (Channel channel : Channel.values()) {
                    adminHttp().body(Map.of("topic_name", doomedTopic(res, channel), "partitions_count", 1,
                            "replication_factor", 1)).post(clusterUrl() + "/topics").then().statusCode(201);
                }
                // One record per topic, so an allowed read has something to return.
                adminHttp().body(Map.of("value", Map.of("type", "STRING", "data", "seed")))
                        .post(clusterUrl() + "/topics/" + topic(res) + "/records").then().statusCode(200);
            }
        }
        grant(acl("TOPIC", "*", "LITERAL", principal(Who.VIEWER), "DESCRIBE"));
        grant(acl("TOPIC", "orders.", "PREFIXED", principal(Who.PRODUCER), "WRITE"));
        grant(acl("TOPIC", topic(Res.PAYMENTS), "LITERAL", principal(Who.CONSUMER), "READ"));
        grant(acl("GROUP", GROUP_ID, "LITERAL", principal(Who.CONSUMER), "READ"));
        adminHttp().body(Map.of("mechanism", "SCRAM-SHA-256", "password", SCRAM_PASSWORD))
                .put(clusterUrl() + "/users/" + Tokens.VERA.username() + "/scram-credentials").then().statusCode(200);

        // The group exists (committed offsets) before anyone describes it.
        admin(Who.ADMIN).alterConsumerGroupOffsets(GROUP_ID,
                Map.of(new TopicPartition(topic(Res.PAYMENTS), 0), new OffsetAndMetadata(0))).all().get();

        for (Who who : List.of(Who.NO_TOKEN, Who.EXPIRED, Who.OTHER_REALM, Who.NO_AUDIENCE)) {
            if (who == Who.EXPIRED) {
                long waitMs = expiredAtMs - System.currentTimeMillis();
                if (waitMs > 0) {
                    Thread.sleep(waitMs);
                }
            }
            kafkaLogins.put(who, rawLogin(who));
        }
    }

    private void grant(Map<String, String> acl) {
        adminHttp().body(acl).post(clusterUrl() + "/acls").then().statusCode(201);
        createdAcls.add(acl);
    }

    @AfterAll
    void tearDown() {
        admins.values().forEach(Admin::close);
        producers.values().forEach(KafkaProducer::close);
        if (!setUp) {
            return;
        }
        List<Map<String, String>> acls = new ArrayList<>(createdAcls);
        acls.add(probeAcl());
        for (Map<String, String> acl : acls) {
            RequestSpecification request = adminHttp();
            acl.forEach(request::queryParam);
            request.delete(clusterUrl() + "/acls").then().statusCode(200);
        }
        adminHttp().delete(clusterUrl() + "/users/" + Tokens.VERA.username() + "/scram-credentials");
    }

    private String clusterUrl() {
        return "/v3/clusters/" + metadata.image().clusterId();
    }

    private RequestSpecification adminHttp() {
        return given().port(httpPort).auth().oauth2(tokens.get(Who.ADMIN)).contentType(ContentType.JSON);
    }

    // ---------------------------------------------------------------- HTTP

    private Observed http(Cell cell) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        if (cell.who() != Who.NO_TOKEN) {
            request = request.auth().oauth2(tokens.get(cell.who()));
        }
        String topicUrl = clusterUrl() + "/topics/" + topic(cell.res());
        Response response = switch (cell.op()) {
            case PRODUCE -> request.body(Map.of("value", Map.of("type", "STRING", "data", "matrix")))
                    .post(topicUrl + "/records");
            case READ -> request.queryParam("offset", 0).get(topicUrl + "/partitions/0/records");
            case DESCRIBE -> request.get(topicUrl);
            case CREATE -> request.body(Map.of("topic_name", newTopic(cell.res(), Channel.HTTP, cell.who()),
                    "partitions_count", 1, "replication_factor", 1)).post(clusterUrl() + "/topics");
            case DELETE -> request.delete(clusterUrl() + "/topics/" + doomedTopic(cell.res(), Channel.HTTP));
            case ALTER_CONFIG -> request.body(Map.of("value", "86400000")).put(topicUrl + "/configs/retention.ms");
            case GROUP_DESCRIBE -> request.get(clusterUrl() + "/consumer-groups/" + GROUP_ID);
            case CLUSTER_DESCRIBE -> request.get(clusterUrl() + "/acls");
            case CLUSTER_ALTER -> request.body(probeAcl()).post(clusterUrl() + "/acls");
            case COMMIT_OFFSET -> throw new IllegalArgumentException("no HTTP offset commit");
        };
        int status = response.statusCode();
        String body = response.asString();
        if (status >= 200 && status < 300) {
            return Observed.of(Outcome.ALLOW);
        }
        Integer errorCode = body.startsWith("{") ? JsonPath.from(body).get("error_code") : null;
        if (status == 401 && Integer.valueOf(40101).equals(errorCode)) {
            return Observed.of(Outcome.UNAUTHENTICATED);
        }
        if (status == 403 && Integer.valueOf(40301).equals(errorCode)) {
            return Observed.of(Outcome.DENY);
        }
        return Observed.error(status + " " + body);
    }

    // ---------------------------------------------------------------- Kafka

    private Observed kafka(Cell cell) {
        if (!cell.who().authenticates()) {
            return kafkaLogins.get(cell.who());
        }
        try {
            runKafka(cell);
            return Observed.of(Outcome.ALLOW);
        } catch (Exception e) {
            return classify(e);
        }
    }

    private void runKafka(Cell cell) throws Exception {
        Who who = cell.who();
        String topic = topic(cell.res());
        TopicPartition payments = new TopicPartition(topic(Res.PAYMENTS), 0);
        switch (cell.op()) {
            case PRODUCE -> producer(who).send(new ProducerRecord<>(topic, "matrix".getBytes(StandardCharsets.UTF_8))).get();
            case READ -> readOne(who, topic);
            case DESCRIBE -> admin(who).describeTopics(List.of(topic)).allTopicNames().get();
            case CREATE -> admin(who).createTopics(List.of(new NewTopic(newTopic(cell.res(), Channel.KAFKA, who), 1,
                    (short) 1))).all().get();
            case DELETE -> admin(who).deleteTopics(List.of(doomedTopic(cell.res(), Channel.KAFKA))).all().get();
            case ALTER_CONFIG -> admin(who).incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC,
                    topic), List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "86400000"),
                    AlterConfigOp.OpType.SET)))).all().get();
            case GROUP_DESCRIBE -> admin(who).describeConsumerGroups(List.of(GROUP_ID)).all().get();
            case COMMIT_OFFSET -> admin(who).alterConsumerGroupOffsets(GROUP_ID,
                    Map.of(payments, new OffsetAndMetadata(1))).all().get();
            case CLUSTER_DESCRIBE -> admin(who).describeAcls(AclBindingFilter.ANY).values().get();
            case CLUSTER_ALTER -> {
                Map<String, String> acl = probeAcl();
                admin(who).createAcls(List.of(new AclBinding(new ResourcePattern(
                        org.apache.kafka.common.resource.ResourceType.TOPIC, acl.get("resource_name"), PatternType.LITERAL),
                        new AccessControlEntry(acl.get("principal"), "*", AclOperation.READ, AclPermissionType.ALLOW))))
                        .all().get();
            }
        }
    }

    /** Reads partition 0 from offset 0 without a group (topic READ only) until a record or an error. */
    private void readOne(Who who, String topic) {
        Map<String, Object> settings = new HashMap<>(security(who));
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, settings)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, 0);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(Duration.ofMillis(300)).isEmpty()) {
                    return;
                }
            }
            throw new IllegalStateException("neither a record nor an error within 15 s");
        }
    }

    private static Observed classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthorizationException) {
                return Observed.of(Outcome.DENY);
            }
            if (t instanceof AuthenticationException) {
                return Observed.of(Outcome.UNAUTHENTICATED);
            }
            if (!(t instanceof ExecutionException) && t.getCause() == null) {
                break;
            }
        }
        return Observed.error(failure.toString());
    }

    private Map<String, Object> security(Who who) {
        if (who == Who.VIEWER) {
            return SaslTestSupport.scram("SCRAM-SHA-256", Tokens.VERA.username(), SCRAM_PASSWORD);
        }
        Tokens.Client client = switch (who) {
            case PRODUCER -> Tokens.ORDERS_PRODUCER;
            case CONSUMER -> Tokens.ORDERS_CONSUMER;
            case ADMIN -> Tokens.ADMIN_SERVICE;
            default -> throw new IllegalArgumentException(who + " does not log in");
        };
        return SaslTestSupport.stockOAuthClient(KEYCLOAK.tokenUrl(KeycloakServer.REALM),
                "clientId=\"" + client.clientId() + "\" clientSecret=\"" + client.secret() + "\"");
    }

    private Admin admin(Who who) {
        return admins.computeIfAbsent(who, w -> {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrap(server));
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            p.putAll(security(w));
            return Admin.create(p);
        });
    }

    private KafkaProducer<byte[], byte[]> producer(Who who) {
        return producers.computeIfAbsent(who, w -> {
            Map<String, Object> settings = new HashMap<>(security(w));
            settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
            return KafkaTestSupport.producer(server, settings);
        });
    }

    /**
     * What the broker does with an unauthenticated principal's connection: a Metadata request without
     * SASL (no token) or an OAUTHBEARER login with the principal's token (expired, foreign realm, no audience).
     */
    private Observed rawLogin(Who who) {
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            if (who == Who.NO_TOKEN) {
                try {
                    raw.send(ApiKeys.METADATA, (short) 12, SaslTestSupport.metadata());
                    return Observed.error("the broker answered Metadata before SASL");
                } catch (IOException closed) {
                    return Observed.of(Outcome.UNAUTHENTICATED);
                }
            }
            SaslAuthenticateResponseData answer = SaslTestSupport.oauthLogin(raw, tokens.get(who));
            if (answer.errorCode() == Errors.NONE.code() && answer.authBytes().length == 0) {
                return Observed.of(Outcome.ALLOW);
            }
            if (answer.errorCode() == Errors.NONE.code()) {
                // RFC 7628: an error challenge, which the client acknowledges with a single 0x01.
                answer = SaslTestSupport.authenticate(raw, new byte[] {1});
            }
            return answer.errorCode() == Errors.SASL_AUTHENTICATION_FAILED.code() && raw.closedByBroker()
                    ? Observed.of(Outcome.UNAUTHENTICATED)
                    : Observed.error("login answered " + Errors.forCode(answer.errorCode()));
        } catch (IOException e) {
            return Observed.error(e.toString());
        }
    }

    // ---------------------------------------------------------------- audit

    /** Awaits (asynchronous writes) a DENIED audit row for every denial; returns those still missing. */
    private List<String> missingAuditRows(List<AuditedDenial> denials) throws InterruptedException {
        List<AuditedDenial> missing = new ArrayList<>(denials);
        long deadline = System.nanoTime() + AUDIT_WAIT.toNanos();
        while (!missing.isEmpty()) {
            Map<String, List<Map<String, String>>> rowsByPrincipal = new HashMap<>();
            missing.removeIf(d -> rowsByPrincipal.computeIfAbsent(d.principal(), this::deniedRows).stream()
                    .anyMatch(row -> row.get("resource").equals(d.resource())
                            && row.get("action").startsWith("http ") == (d.channel() == Channel.HTTP)));
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(250);
        }
        return missing.stream().map(d -> "no DENIED audit row for " + d.channel() + " " + d.cell().who().label + " "
                + d.cell().res().label + " " + d.cell().op() + " (" + d.principal() + " on " + d.resource() + ")").toList();
    }

    private List<Map<String, String>> deniedRows(String principal) {
        return adminHttp().queryParam("outcome", "DENIED").queryParam("principal", principal)
                .queryParam("page_size", 1000).get(clusterUrl() + "/audit-log")
                .then().statusCode(200).extract().jsonPath().getList("data");
    }
}
