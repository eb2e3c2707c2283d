package io.strata.protocol;

/**
 * An inclusive range of API versions, {@code minVersion <= maxVersion}.
 */
public record VersionRange(short minVersion, short maxVersion) {

    public VersionRange {
        if (minVersion < 0 || maxVersion < minVersion) {
            throw new IllegalArgumentException("invalid version range " + minVersion + ".." + maxVersion);
        }
    }

    public static VersionRange of(int minVersion, int maxVersion) {
        return new VersionRange((short) minVersion, (short) maxVersion);
    }

    public boolean contains(short version) {
        return version >= minVersion && version <= maxVersion;
    }

    @Override
    public String toString() {
        return minVersion + ".." + maxVersion;
    }
}
