package io.strata.http;

import static io.restassured.RestAssured.given;
import static io.strata.http.ApiTestSupport.clusterId;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /v3/clusters/{id}/acls} in Confluent's v3 shape: create, search with filters, batch, delete, bad values. */
@QuarkusTest
class AclsApiTest {

    private static String aclsUrl() {
        return "/v3/clusters/" + clusterId() + "/acls";
    }

    private static String uniqueUser() {
        return "User:api-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, String> acl(String principal, String type, String name, String pattern, String operation,
            String permission) {
        return Map.of("resource_type", type, "resource_name", name, "pattern_type", pattern, "principal", principal,
                "host", "*", "operation", operation, "permission", permission);
    }

    private static void create(Map<String, String> acl) {
        given().contentType(ContentType.JSON).body(acl).post(aclsUrl()).then().statusCode(201);
    }

    @Test
    void shouldListTheCreatedAclInConfluentShapeWhenSearchedByItsFields() {
        String user = uniqueUser();
        create(acl(user, "TOPIC", "orders.", "PREFIXED", "WRITE", "ALLOW"));

        given().queryParam("principal", user).queryParam("resource_type", "TOPIC").get(aclsUrl())
                .then().statusCode(200)
                .body("kind", equalTo("KafkaAclList"))
                .body("data", hasSize(1))
                .body("data[0].kind", equalTo("KafkaAcl"))
                .body("data[0].cluster_id", equalTo(clusterId()))
                .body("data[0].resource_type", equalTo("TOPIC"))
                .body("data[0].resource_name", equalTo("orders."))
                .body("data[0].pattern_type", equalTo("PREFIXED"))
                .body("data[0].principal", equalTo(user))
                .body("data[0].host", equalTo("*"))
                .body("data[0].operation", equalTo("WRITE"))
                .body("data[0].permission", equalTo("ALLOW"))
                .body("data[0].metadata.self", containsString("/acls?"));
    }

    @Test
    void shouldFindPrefixedAndWildcardAclsWhenSearchingWithPatternTypeMatch() {
        String user = uniqueUser();
        given().contentType(ContentType.JSON).body(Map.of("data", List.of(
                        acl(user, "TOPIC", "orders.", "PREFIXED", "READ", "ALLOW"),
                        acl(user, "TOPIC", "*", "LITERAL", "DESCRIBE", "ALLOW"),
                        acl(user, "TOPIC", "payments", "LITERAL", "READ", "DENY"))))
                .post(aclsUrl() + ":batch").then().statusCode(201);

        given().queryParam("principal", user).queryParam("resource_type", "TOPIC").queryParam("resource_name", "orders.eu")
                .queryParam("pattern_type", "MATCH").get(aclsUrl())
                .then().statusCode(200).body("data", hasSize(2));
        given().queryParam("principal", user).queryParam("permission", "DENY").get(aclsUrl())
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].resource_name", equalTo("payments"));
    }

    @Test
    void shouldAnswerTheDeletedAclsAndForgetThemWhenDeletingByFilter() {
        String user = uniqueUser();
        create(acl(user, "GROUP", "billing", "LITERAL", "READ", "ALLOW"));
        create(acl(user, "TOPIC", "billing", "LITERAL", "READ", "ALLOW"));

        given().queryParam("resource_type", "GROUP").queryParam("principal", user).delete(aclsUrl())
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].resource_type", equalTo("GROUP"));

        given().queryParam("principal", user).get(aclsUrl())
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].resource_type", equalTo("TOPIC"));
        given().queryParam("resource_type", "ANY").queryParam("principal", user).delete(aclsUrl())
                .then().statusCode(200).body("data", hasSize(1));
        given().queryParam("principal", user).get(aclsUrl()).then().statusCode(200).body("data", empty());
    }

    @Test
    void shouldAnswer400WithConfluentBodyWhenAValueIsNotAKafkaName() {
        String user = uniqueUser();
        given().queryParam("resource_type", "TABLE").get(aclsUrl())
                .then().statusCode(400).body("error_code", equalTo(40002));
        given().queryParam("operation", "EXPLODE").get(aclsUrl())
                .then().statusCode(400).body("error_code", equalTo(40002));
        given().contentType(ContentType.JSON).body(acl("alice", "TOPIC", "t", "LITERAL", "READ", "ALLOW")).post(aclsUrl())
                .then().statusCode(400).body("error_code", equalTo(40002)).body("message", containsString("principal"));
        given().contentType(ContentType.JSON).body(acl(user, "TOPIC", "t", "MATCH", "READ", "ALLOW")).post(aclsUrl())
                .then().statusCode(400).body("error_code", equalTo(40002));
        given().contentType(ContentType.JSON).body(acl(user, "CLUSTER", "other", "LITERAL", "ALTER", "ALLOW")).post(aclsUrl())
                .then().statusCode(400).body("error_code", equalTo(40002));
        given().contentType(ContentType.JSON).body("{\"resource_type\": \"TOPIC\", \"colour\": \"red\"}").post(aclsUrl())
                .then().statusCode(400).body("error_code", equalTo(40002));
        given().delete(aclsUrl()).then().statusCode(400).body("error_code", equalTo(40002));

        given().queryParam("principal", user).get(aclsUrl()).then().statusCode(200).body("data", empty());
    }

    @Test
    void shouldStoreNothingWhenOneBatchEntryIsInvalid() {
        String user = uniqueUser();
        given().contentType(ContentType.JSON).body(Map.of("data", List.of(
                        acl(user, "TOPIC", "ok", "LITERAL", "READ", "ALLOW"),
                        acl(user, "TOPIC", "bad", "LITERAL", "ANY", "ALLOW"))))
                .post(aclsUrl() + ":batch").then().statusCode(400).body("error_code", equalTo(40002));

        given().queryParam("principal", user).get(aclsUrl()).then().statusCode(200).body("data", empty());
    }
}
