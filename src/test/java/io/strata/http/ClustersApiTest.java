package io.strata.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClustersApiTest {

    @Test
    void shouldListTheOneClusterWhenClustersAreListed() {
        given().get("/v3/clusters").then()
                .statusCode(200)
                .contentType("application/json")
                .body("kind", equalTo("KafkaClusterList"))
                .body("metadata.self", endsWith("/v3/clusters"))
                .body("metadata.next", equalTo(null))
                .body("data", hasSize(1))
                .body("data[0].kind", equalTo("KafkaCluster"))
                .body("data[0].cluster_id", not(emptyOrNullString()))
                .body("data[0].metadata.resource_name", equalTo("crn:///kafka=" + ApiTestSupport.clusterId()))
                .body("data[0].brokers.related", endsWith("/v3/clusters/" + ApiTestSupport.clusterId() + "/brokers"))
                .body("data[0].topics.related", endsWith("/v3/clusters/" + ApiTestSupport.clusterId() + "/topics"));
    }

    @Test
    void shouldDescribeTheClusterWhenItsIdIsGiven() {
        String id = ApiTestSupport.clusterId();
        given().get("/v3/clusters/" + id).then()
                .statusCode(200)
                .body("cluster_id", equalTo(id))
                .body("metadata.self", endsWith("/v3/clusters/" + id));
    }

    @Test
    void shouldAnswer404WhenTheClusterIdIsUnknown() {
        given().get("/v3/clusters/no-such-cluster").then()
                .statusCode(404).contentType("application/json")
                .body("error_code", equalTo(40401))
                .body("message", containsString("no-such-cluster"));
        given().get("/v3/clusters/no-such-cluster/topics").then().statusCode(404).body("error_code", equalTo(40401));
    }

    @Test
    void shouldListThisBrokerWhenBrokersAreListed() {
        String id = ApiTestSupport.clusterId();
        given().get("/v3/clusters/" + id + "/brokers").then()
                .statusCode(200)
                .body("kind", equalTo("KafkaBrokerList"))
                .body("data", hasSize(1))
                .body("data[0].kind", equalTo("KafkaBroker"))
                .body("data[0].broker_id", equalTo(1))
                .body("data[0].host", notNullValue())
                .body("data[0].port", notNullValue())
                .body("data[0].alive", equalTo(true))
                .body("data[0].metadata.resource_name", equalTo("crn:///kafka=" + id + "/broker=1"));
        given().get("/v3/clusters/" + id + "/brokers/1").then().statusCode(200).body("broker_id", equalTo(1));
    }

    @Test
    void shouldAnswer404WhenTheBrokerIsUnknown() {
        String id = ApiTestSupport.clusterId();
        given().get("/v3/clusters/" + id + "/brokers/99").then().statusCode(404).body("error_code", equalTo(40401));
        given().get("/v3/clusters/" + id + "/brokers/abc").then().statusCode(404).body("error_code", equalTo(40401));
    }

    @Test
    void shouldAnswerJson404WhenTheRouteDoesNotExist() {
        given().get("/v3/nothing-here").then()
                .statusCode(404).contentType("application/json")
                .body("error_code", equalTo(40401));
    }

    @Test
    void shouldAnswerJson405WhenTheMethodIsNotAllowed() {
        given().delete("/v3/clusters").then()
                .statusCode(405).contentType("application/json")
                .body("error_code", equalTo(40501));
    }
}
