package io.strata.log;

/** A record header: a string key and an opaque value (null allowed, as in Kafka). */
public record Header(String key, byte[] value) {
}
