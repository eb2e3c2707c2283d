package io.strata.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Access tokens from the test {@link KeycloakServer}, fetched the way clients get them (client
 * credentials for services, the password grant for demo users), and the known clients and users of
 * the imported realms. Every call asks Keycloak for a fresh token. Thread-safe.
 */
public final class Tokens {

    /** A confidential client with a service account, as the realm files declare it. */
    public record Client(String realm, String clientId, String secret) {}

    /** A demo user of realm {@code strata} (deploy/keycloak/strata-realm.json); LOCAL ONLY passwords. */
    public record User(String username, String password) {}

    public static final Client ORDERS_PRODUCER = deployClient("orders-producer");
    public static final Client ORDERS_CONSUMER = deployClient("orders-consumer");
    /** Its service account has realm role {@code admin}. */
    public static final Client ADMIN_SERVICE = deployClient("strata-admin-service");
    /** Test only: its access tokens live 2 seconds. */
    public static final Client SHORT_LIVED = testClient(KeycloakServer.REALM, "short-lived-service");
    /** Test only: its access tokens lack the {@code strata} audience. */
    public static final Client NO_AUDIENCE = testClient(KeycloakServer.REALM, "no-audience-service");
    /** Test only: a client of another realm, whose tokens Strata must refuse. */
    public static final Client OTHER_REALM = testClient(KeycloakServer.OTHER_REALM, "other-service");

    public static final User ALICE = demoUser("alice");
    public static final User OSCAR = demoUser("oscar");
    public static final User VERA = demoUser("vera");

    /** Test only: the public client of realm {@code strata} allowed the password grant. */
    public static final String PASSWORD_CLIENT = "strata-test-cli";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Tokens(KeycloakServer server) {
        this.server = server;
    }

    /** An access token for a service account (OAuth 2 client credentials grant). */
    public String clientCredentials(Client client) {
        return request(client.realm(), Map.of("grant_type", "client_credentials",
                "client_id", client.clientId(), "client_secret", client.secret()));
    }

    /** An access token for a demo user (resource owner password grant, test client only). */
    public String password(User user) {
        return request(KeycloakServer.REALM, Map.of("grant_type", "password", "client_id", PASSWORD_CLIENT,
                "username", user.username(), "password", user.password()));
    }

    /** The claims of a token, decoded without verifying anything (to build forged variants). */
    public static JsonNode claims(String token) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a JWT: " + token, e);
        }
    }

    private String request(String realm, Map<String, String> form) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.tokenUrl(realm)))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + form.get("client_id") + ": "
                        + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Could not reach Keycloak at " + server.tokenUrl(realm), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Client deployClient(String clientId) {
        return new Client(KeycloakServer.REALM, clientId, clientId + "-local-only-secret");
    }

    private static Client testClient(String realm, String clientId) {
        return new Client(realm, clientId, clientId + "-test-secret");
    }

    private static User demoUser(String username) {
        return new User(username, username + "-local-only");
    }
}
