package io.strata.http;

import static io.restassured.RestAssured.given;
import static io.strata.http.ApiTestSupport.b64;
import static io.strata.http.ApiTestSupport.createTopic;
import static io.strata.http.ApiTestSupport.produce;
import static io.strata.http.ApiTestSupport.topicUrl;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReadRecordsApiTest {

    private String topic;
    private String records;

    @BeforeEach
    void produceFiveRecords() {
        topic = createTopic("read", 1);
        records = topicUrl(topic) + "/partitions/0/records";
        for (int i = 0; i < 5; i++) {
            produce(topic, "{\"key\": {\"type\": \"STRING\", \"data\": \"k" + i + "\"}, \"value\": {\"type\": \"JSON\","
                    + " \"data\": {\"n\": " + i + "}}, \"timestamp\": " + (1_000_000 + i * 1000) + "}");
        }
    }

    @Test
    void shouldReadFromTheOffsetWhenOffsetAndMaxRecordsAreGiven() {
        given().queryParam("offset", 1).queryParam("max_records", 3).get(records).then().statusCode(200)
                .body("data", hasSize(3))
                .body("data.offset", equalTo(List.of(1, 2, 3)))
                .body("data.partition_id", equalTo(List.of(0, 0, 0)))
                .body("data[0].key.type", equalTo("BINARY"))
                .body("data[0].key.data", equalTo(b64("k1")))
                .body("data[0].value.data", equalTo(b64("{\"n\":1}")))
                .body("data[0].timestamp", equalTo("1970-01-01T00:16:41Z"));
        given().get(records).then().statusCode(200).body("data.offset", equalTo(List.of(0, 1, 2, 3, 4)));
    }

    @Test
    void shouldReturnNothingWhenTheOffsetIsPastTheEnd() {
        given().queryParam("offset", 5).get(records).then().statusCode(200).body("data", hasSize(0));
        given().queryParam("offset", 1_000_000).get(records).then().statusCode(200).body("data", hasSize(0));
        given().queryParam("offset", 4).get(records).then().statusCode(200).body("data.offset", equalTo(List.of(4)));
    }

    @Test
    void shouldStartAtTheFirstLaterRecordWhenATimestampIsGiven() {
        given().queryParam("timestamp", 1_002_500).get(records).then().statusCode(200)
                .body("data.offset", equalTo(List.of(3, 4)));
        given().queryParam("timestamp", "1970-01-01T00:16:42Z").queryParam("max_records", 1).get(records).then()
                .statusCode(200).body("data.offset", equalTo(List.of(2)));
        given().queryParam("timestamp", 9_000_000).get(records).then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void shouldDecodeKeysAndValuesWhenAFormatIsAsked() {
        given().queryParam("format", "string").queryParam("max_records", 1).get(records).then().statusCode(200)
                .body("data[0].key.type", equalTo("STRING")).body("data[0].key.data", equalTo("k0"))
                .body("data[0].value.data", equalTo("{\"n\":0}"));
        given().queryParam("format", "json").queryParam("max_records", 1).get(records).then().statusCode(200)
                .body("data[0].value.type", equalTo("JSON")).body("data[0].value.data.n", equalTo(0))
                // "k0" is not JSON: it falls back to BINARY
                .body("data[0].key.type", equalTo("BINARY")).body("data[0].key.data", equalTo(b64("k0")));
    }

    @Test
    void shouldFallBackToBinaryWhenBytesAreNotUtf8() {
        produce(topic, "{\"value\": {\"type\": \"BINARY\", \"data\": \"" + b64(new byte[] {(byte) 0xff, (byte) 0xfe}) + "\"}}");
        given().queryParam("format", "string").queryParam("offset", 5).get(records).then().statusCode(200)
                .body("data[0].value.type", equalTo("BINARY"))
                .body("data[0].value.data", equalTo(b64(new byte[] {(byte) 0xff, (byte) 0xfe})))
                .body("data[0].key", equalTo(null));
    }

    @Test
    void shouldAnswer400WhenAQueryParameterIsInvalid() {
        given().queryParam("offset", -1).get(records).then().statusCode(400).body("error_code", equalTo(40002));
        given().queryParam("offset", "abc").get(records).then().statusCode(400).body("error_code", equalTo(40002));
        given().queryParam("max_records", 0).get(records).then().statusCode(400).body("error_code", equalTo(40002));
        given().queryParam("max_records", 10_001).get(records).then().statusCode(400).body("error_code", equalTo(40002));
        given().queryParam("timestamp", "noon").get(records).then().statusCode(400).body("error_code", equalTo(40002));
        given().queryParam("format", "avro").get(records).then().statusCode(400).body("error_code", equalTo(40002));
    }
}
