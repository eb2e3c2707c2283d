package io.strata.log;

/** Values of the {@code message.timestamp.type} topic config. */
public enum MessageTimestampType {
    CREATE_TIME("CreateTime"),
    LOG_APPEND_TIME("LogAppendTime");

    private final String configName;

    MessageTimestampType(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static MessageTimestampType forConfigName(String name) {
        for (MessageTimestampType t : values()) {
            if (t.configName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown message timestamp type " + name);
    }
}
