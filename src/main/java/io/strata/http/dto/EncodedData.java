package io.strata.http.dto;

import com.fasterxml.jackson.databind.JsonNode;

/** A key or value as read back: BINARY (base64 text), STRING (text) or JSON (the parsed value). */
public record EncodedData(String type, JsonNode data) {}
