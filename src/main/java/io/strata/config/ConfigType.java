package io.strata.config;

/**
 * The type of a config value, with the numeric id Kafka's DescribeConfigs response uses
 * ({@code DescribeConfigsResponse.ConfigType}), so front ends can report it without a mapping table.
 */
public enum ConfigType {
    BOOLEAN(1),
    STRING(2),
    INT(3),
    SHORT(4),
    LONG(5),
    DOUBLE(6),
    LIST(7),
    CLASS(8),
    PASSWORD(9);

    private final byte kafkaId;

    ConfigType(int kafkaId) {
        this.kafkaId = (byte) kafkaId;
    }

    public byte kafkaId() {
        return kafkaId;
    }
}
