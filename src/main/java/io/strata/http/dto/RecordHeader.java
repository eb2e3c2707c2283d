package io.strata.http.dto;

/** A record header: {@code value} is base64 (or null). */
public record RecordHeader(String name, String value) {}
