package io.strata.log;

/** Values of the {@code cleanup.policy} topic config. */
public enum CleanupPolicy {
    DELETE("delete"),
    COMPACT("compact");

    private final String configName;

    CleanupPolicy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static CleanupPolicy forConfigName(String name) {
        for (CleanupPolicy p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown cleanup policy " + name);
    }
}
