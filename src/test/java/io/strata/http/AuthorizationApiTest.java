package io.strata.http;

import static io.restassured.RestAssured.given;
import static io.strata.http.ApiTestSupport.topicUrl;
import static io.strata.http.ApiTestSupport.topicsUrl;
import static io.strata.http.ApiTestSupport.uniqueTopic;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every endpoint asks the Authorizer before acting, and a denial is 403/40301 with nothing done. */
@QuarkusTest
@TestProfile(AuthorizationApiTest.DenyingProfile.class)
class AuthorizationApiTest {

    public static class DenyingProfile implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(SecretTopicsAuthorizer.class);
        }
    }

    @Test
    void shouldAnswer403AndCreateNothingWhenTheCallerMayNotCreateTheTopic() {
        String name = "secret-" + uniqueTopic("t");
        given().contentType(ContentType.JSON).body(Map.of("topic_name", name)).post(topicsUrl())
                .then().statusCode(403).body("error_code", equalTo(40301));
        given().get(topicsUrl()).then().statusCode(200).body("data.topic_name", not(hasItem(name)));
    }

    @Test
    void shouldAnswer403AndKeepRecordsWhenTheCallerMayOnlyReadTheTopic() {
        String name = "readonly-" + uniqueTopic("t");
        given().contentType(ContentType.JSON).body(Map.of("topic_name", name)).post(topicsUrl()).then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"value\": {\"data\": 1}}").post(topicUrl(name) + "/records")
                .then().statusCode(403).body("error_code", equalTo(40301));
        given().contentType(ContentType.JSON).body("{\"entries\": [{\"id\": \"1\", \"value\": {\"data\": 1}}]}")
                .post(topicUrl(name) + "/records:batch").then().statusCode(403).body("error_code", equalTo(40301));
        given().contentType(ContentType.JSON).body(Map.of("value", "1000")).put(topicUrl(name) + "/configs/retention.ms")
                .then().statusCode(403).body("error_code", equalTo(40301));
        given().contentType(ContentType.JSON).body(Map.of("partitions_count", 2)).patch(topicUrl(name))
                .then().statusCode(403);
        given().delete(topicUrl(name)).then().statusCode(403).body("error_code", equalTo(40301));

        given().get(topicUrl(name)).then().statusCode(200).body("partitions_count", equalTo(1));
        given().get(topicUrl(name) + "/partitions/0/records").then().statusCode(200).body("data.size()", equalTo(0));
        given().get(topicUrl(name) + "/configs").then().statusCode(403);
    }
}
