package io.strata.http.dto;

/** The type and byte size of a produced key or value, as a delivery report gives them. */
public record SizeData(String type, int size) {}
