package io.strata.http.dto;

/** Where else a config's value could come from, highest precedence first. */
public record ConfigSynonym(String name, String value, String source) {}
