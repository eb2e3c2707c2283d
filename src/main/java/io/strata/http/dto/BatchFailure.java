package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A {@code records:batch} entry that was not written; {@code error_code} is the HTTP status it would get alone. */
public record BatchFailure(String id, @JsonProperty("error_code") int errorCode, String message) {}
