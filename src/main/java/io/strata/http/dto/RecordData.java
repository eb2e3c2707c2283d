package io.strata.http.dto;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A key or value: {@code type} is BINARY (data is base64 text), JSON (data is any JSON value,
 * stored compactly as UTF-8) or STRING (data is text, stored as UTF-8). An absent type means JSON.
 * Absent or null data is a null key/value.
 */
public record RecordData(String type, JsonNode data) {}
