package io.strata.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.strata.testing.BrokerProcess;
import io.strata.testing.KeycloakServer;
import io.strata.testing.TempDirs;
import io.strata.testing.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A packaged broker process pointed at the test Keycloak only through {@link KeycloakServer#brokerEnv()}
 * (what the cluster, SASL and ACL process tests build on): it refuses token-less calls, knows a
 * service account by its client id, and keeps its start-up probe open.
 */
class OidcBrokerProcessIT {

    private static Path dataDir;
    private static BrokerProcess broker;

    @BeforeAll
    static void start() throws Exception {
        KeycloakServer keycloak = KeycloakServer.get();
        dataDir = Files.createTempDirectory("strata-oidc-");
        broker = new BrokerProcess(dataDir, keycloak.brokerEnv()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            TempDirs.deleteQuietly(dataDir);
        }
    }

    @Test
    void shouldAnswer401WhenAProcessBrokerGetsNoToken() {
        given().baseUri(broker.httpUrl()).get("/v3/clusters")
                .then().statusCode(401).body("error_code", equalTo(40101));
    }

    @Test
    void shouldNameTheServiceAccountWhenAProcessBrokerGetsAClientCredentialsToken() {
        String token = KeycloakServer.get().tokens().clientCredentials(Tokens.ORDERS_PRODUCER);
        given().baseUri(broker.httpUrl()).auth().oauth2(token).get("/v3/clusters")
                .then().statusCode(403).body("message", startsWith("User:orders-producer is not authorized"));
    }

    @Test
    void shouldServeHealthWhenAProcessBrokerGetsNoToken() {
        given().baseUri(broker.httpUrl()).get("/q/health/started").then().statusCode(200);
    }
}
