package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code KafkaBroker}; {@code port} is the Kafka protocol port. Strata extensions: {@code http_port}
 * and {@code alive} (heartbeat within the session timeout).
 */
public record BrokerData(
        String kind,
        ResourceMetadata metadata,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("broker_id") int brokerId,
        String host,
        Integer port,
        String rack,
        @JsonProperty("http_port") Integer httpPort,
        boolean alive) {}
