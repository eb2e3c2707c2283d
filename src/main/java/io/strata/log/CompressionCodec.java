package io.strata.log;

/** Record batch compression codecs, with the id stored in the low three bits of a batch's attributes. */
public enum CompressionCodec {
    NONE(0, "uncompressed"),
    GZIP(1, "gzip"),
    SNAPPY(2, "snappy"),
    LZ4(3, "lz4"),
    ZSTD(4, "zstd");

    private final int id;
    private final String configName;

    CompressionCodec(int id, String configName) {
        this.id = id;
        this.configName = configName;
    }

    public int id() {
        return id;
    }

    /** The name used by the {@code compression.type} topic config. */
    public String configName() {
        return configName;
    }

    public static CompressionCodec forId(int id) {
        for (CompressionCodec c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown compression codec id " + id);
    }
}
