package io.strata.http.dto;

/** One change of {@code configs:alter}; {@code operation} is {@code SET} (the default) or {@code DELETE}. */
public record AlterConfigEntry(String name, String value, String operation) {}
