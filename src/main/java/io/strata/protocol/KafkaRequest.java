package io.strata.protocol;

import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * A decoded request: its header and its body, a generated {@code *RequestData} of {@code apiKey}
 * read at {@code apiVersion}. The body may hold slices of the frame buffer (produce records).
 */
public record KafkaRequest(RequestHeaderData header, ApiKeys apiKey, short apiVersion, ApiMessage body) {

    public int correlationId() {
        return header.correlationId();
    }

    /** The client id, or "" when the client sent none (null in header v1+). */
    public String clientId() {
        return header.clientId() == null ? "" : header.clientId();
    }
}
