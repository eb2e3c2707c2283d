package io.strata.http.dto;

/**
 * Body of {@code PUT /users/{user}/scram-credentials}: the broker salts and hashes the password
 * (it is never stored); {@code iterations} defaults to 8192.
 */
public record UpsertScramCredentialRequest(String mechanism, String password, Integer iterations) {}
