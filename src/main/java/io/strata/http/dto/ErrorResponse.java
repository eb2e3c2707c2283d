package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Confluent's error body. */
public record ErrorResponse(@JsonProperty("error_code") int errorCode, String message) {}
