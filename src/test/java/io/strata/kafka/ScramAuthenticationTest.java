package io.strata.kafka;

import static io.restassured.RestAssured.given;
import static io.strata.kafka.SaslTestSupport.scram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SCRAM-SHA-256/512 on a SASL_PLAINTEXT listener with real kafka-clients: credentials created
 * through Admin and HTTP, refused logins, the pre-authentication rules and KIP-368 re-authentication
 * (sessions last {@value #SESSION_MS} ms here).
 */
@QuarkusTest
@TestProfile(ScramAuthenticationTest.ScramProfile.class)
class ScramAuthenticationTest {

    static final long SESSION_MS = 3_000;

    public static class ScramProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("strata.kafka.security-protocol", "SASL_PLAINTEXT",
                    "strata.kafka.inter-broker.password", SaslTestSupport.BROKER_PASSWORD,
                    "strata.kafka.connections-max-reauth-ms", Long.toString(SESSION_MS),
                    "strata.kafka.sasl-server-max-receive-size", "4096");
        }
    }

    @Inject
    KafkaServer server;

    private static String uniqueUser() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-512"})
    void shouldProduceAndConsumeWhenTheCredentialWasCreatedThroughAdmin(String mechanism) throws Exception {
        String user = uniqueUser();
        String topic;
        try (Admin admin = SaslTestSupport.brokerAdmin(server, "SASL_PLAINTEXT")) {
            SaslTestSupport.createUser(admin, user, "pw-" + user, ScramMechanism.fromMechanismName(mechanism), 4096);
            topic = KafkaTestSupport.createTopic(admin, "scram", 1);
        }
        assertEquals(List.of("a", "b", "c"),
                SaslTestSupport.roundTrip(server, scram(mechanism, user, "pw-" + user), topic, 3));
    }

    @Test
    void shouldRefuseTheLoginWhenThePasswordIsWrongOrTheUserUnknown() throws Exception {
        String user = uniqueUser();
        try (Admin admin = SaslTestSupport.brokerAdmin(server, "SASL_PLAINTEXT")) {
            SaslTestSupport.createUser(admin, user, "right", ScramMechanism.SCRAM_SHA_256, 4096);
        }
        for (Map<String, Object> wrong : List.of(scram("SCRAM-SHA-256", user, "wrong"),
                scram("SCRAM-SHA-512", user, "right"), scram("SCRAM-SHA-256", "nobody-" + user, "right"))) {
            try (Admin admin = SaslTestSupport.admin(server, wrong)) {
                assertRefused(admin);
            }
        }
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            SaslAuthenticateResponseData answer = SaslTestSupport.scramLogin(raw, "SCRAM-SHA-256", user, "wrong");
            assertEquals(Errors.SASL_AUTHENTICATION_FAILED.code(), answer.errorCode());
            assertTrue(answer.errorMessage().contains("Authentication failed"), answer.errorMessage());
            assertTrue(raw.closedByBroker());
        }
    }

    @Test
    void shouldCloseTheConnectionWhenARequestPrecedesAuthentication() throws Exception {
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            ApiVersionsResponseData versions = (ApiVersionsResponseData) raw.send(ApiKeys.API_VERSIONS, (short) 3,
                    SaslTestSupport.apiVersions());
            assertNotNull(versions.apiKeys().find(ApiKeys.SASL_HANDSHAKE.id));
            raw.write(ApiKeys.METADATA, (short) 12, SaslTestSupport.metadata());
            assertTrue(raw.closedByBroker());
        }
    }

    /**
     * librdkafka (kcat) enables SASL only when SaslHandshake v0 is in the advertised range, as Apache
     * Kafka 4 still advertises it; a real v0 handshake (raw SASL tokens would follow) is refused.
     */
    @Test
    void shouldAdvertiseHandshakeVersionZeroButRefuseAndCloseAVersionZeroHandshake() throws Exception {
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            ApiVersionsResponseData versions = (ApiVersionsResponseData) raw.send(ApiKeys.API_VERSIONS, (short) 3,
                    SaslTestSupport.apiVersions());
            assertEquals(0, versions.apiKeys().find(ApiKeys.SASL_HANDSHAKE.id).minVersion());
            assertEquals(1, versions.apiKeys().find(ApiKeys.SASL_HANDSHAKE.id).maxVersion());
            SaslHandshakeResponseData handshake = (SaslHandshakeResponseData) raw.send(ApiKeys.SASL_HANDSHAKE, (short) 0,
                    new SaslHandshakeRequestData().setMechanism("SCRAM-SHA-256"));
            assertEquals(Errors.UNSUPPORTED_VERSION.code(), handshake.errorCode());
            assertTrue(raw.closedByBroker());
        }
    }

    @Test
    void shouldCloseTheConnectionWhenAFrameBeforeAuthenticationExceedsTheSaslLimit() throws Exception {
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            // 4097 bytes: over the profile's 4096-byte pre-authentication cap, far below socket.request.max.bytes.
            ByteBuffer frame = ByteBuffer.allocate(4 + 16).putInt(4097).put(new byte[16]).flip();
            raw.writeRaw(frame);
            assertTrue(raw.closedByBroker());
        }
    }

    @Test
    void shouldDescribeMechanismsAndIterationsButNoSecrets() throws Exception {
        String user = uniqueUser();
        try (Admin admin = SaslTestSupport.brokerAdmin(server, "SASL_PLAINTEXT")) {
            SaslTestSupport.createUser(admin, user, "pw", ScramMechanism.SCRAM_SHA_256, 4096);
            SaslTestSupport.createUser(admin, user, "pw", ScramMechanism.SCRAM_SHA_512, 8192);
            UserScramCredentialsDescription description = admin.describeUserScramCredentials(List.of(user))
                    .description(user).get();
            assertEquals(Map.of(ScramMechanism.SCRAM_SHA_256, 4096, ScramMechanism.SCRAM_SHA_512, 8192),
                    description.credentialInfos().stream().collect(java.util.stream.Collectors.toMap(
                            ScramCredentialInfo::mechanism, ScramCredentialInfo::iterations)));
            ExecutionException missing = assertThrows(ExecutionException.class, () -> admin.describeUserScramCredentials(
                    List.of("nobody-" + user)).description("nobody-" + user).get());
            assertInstanceOf(ResourceNotFoundException.class, missing.getCause());
        }
        String body = given().get(credentialsUrl(user)).then().statusCode(200).extract().asString();
        JsonPath json = JsonPath.from(body);
        assertEquals(user, json.getString("user_name"));
        List<Map<String, Object>> credentials = json.getList("credentials");
        assertEquals(2, credentials.size());
        credentials.forEach(c -> assertEquals(java.util.Set.of("mechanism", "iterations"), c.keySet()));
        String lower = body.toLowerCase(java.util.Locale.ROOT);
        assertFalse(lower.contains("salt") || lower.contains("key") || lower.contains("password"), body);
    }

    @Test
    void shouldLetAUserLogInWhenTheCredentialWasSetOverHttpAndNotAfterItWasDeleted() throws Exception {
        String user = uniqueUser();
        given().contentType(ContentType.JSON).body(Map.of("mechanism", "SCRAM-SHA-512", "password", "http-pw"))
                .put(credentialsUrl(user)).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("mechanism", "SCRAM-SHA-512", "password", "x", "iterations", 10))
                .put(credentialsUrl(user)).then().statusCode(400);
        try (Admin admin = SaslTestSupport.admin(server, scram("SCRAM-SHA-512", user, "http-pw"))) {
            assertFalse(admin.describeCluster().clusterId().get().isEmpty());
        }
        given().delete(credentialsUrl(user) + "?mechanism=SCRAM-SHA-512").then().statusCode(204);
        given().get(credentialsUrl(user)).then().statusCode(404);
        try (Admin admin = SaslTestSupport.admin(server, scram("SCRAM-SHA-512", user, "http-pw"))) {
            assertRefused(admin);
        }
    }

    @Test
    void shouldReauthenticateTransparentlyWhenTheSessionLifetimeIsShort() throws Exception {
        String user = uniqueUser();
        String topic;
        try (Admin admin = SaslTestSupport.brokerAdmin(server, "SASL_PLAINTEXT")) {
            SaslTestSupport.createUser(admin, user, "pw", ScramMechanism.SCRAM_SHA_256, 4096);
            topic = KafkaTestSupport.createTopic(admin, "reauth", 1);
        }
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(server, scram("SCRAM-SHA-256", user, "pw"))) {
            long end = System.nanoTime() + Duration.ofMillis(3 * SESSION_MS).toNanos();
            int sent = 0;
            while (System.nanoTime() < end) {
                producer.send(new ProducerRecord<>(topic, new byte[] {(byte) sent++})).get();
                Thread.sleep(200);
            }
            assertTrue(SaslTestSupport.metric(producer.metrics(), "successful-reauthentication-total") > 0);
            assertEquals(0.0, SaslTestSupport.metric(producer.metrics(), "failed-reauthentication-total"));
        }
    }

    @Test
    void shouldCloseTheConnectionWhenTheSessionExpiredWithoutReauthentication() throws Exception {
        String user = uniqueUser();
        try (Admin admin = SaslTestSupport.brokerAdmin(server, "SASL_PLAINTEXT")) {
            SaslTestSupport.createUser(admin, user, "pw", ScramMechanism.SCRAM_SHA_512, 4096);
        }
        try (RawKafkaClient raw = new RawKafkaClient(server.boundPort())) {
            SaslAuthenticateResponseData answer = SaslTestSupport.scramLogin(raw, "SCRAM-SHA-512", user, "pw");
            assertEquals(Errors.NONE.code(), answer.errorCode());
            assertEquals(SESSION_MS, answer.sessionLifetimeMs());
            MetadataResponseData metadata = (MetadataResponseData) raw.send(ApiKeys.METADATA, (short) 12,
                    SaslTestSupport.metadata());
            assertFalse(metadata.brokers().isEmpty());
            Thread.sleep(SESSION_MS + 500);
            raw.write(ApiKeys.METADATA, (short) 12, SaslTestSupport.metadata());
            assertTrue(raw.closedByBroker());
        }
    }

    static void assertRefused(Admin admin) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> admin.describeCluster().clusterId().get());
        assertInstanceOf(SaslAuthenticationException.class, e.getCause());
    }

    private static String credentialsUrl(String user) {
        String clusterId = given().get("/v3/clusters").then().statusCode(200).extract().path("data[0].cluster_id");
        return "/v3/clusters/" + clusterId + "/users/" + user + "/scram-credentials";
    }
}
