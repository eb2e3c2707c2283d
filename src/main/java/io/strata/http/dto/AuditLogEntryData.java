package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * {@code StrataAuditLogEntry}: one admin change or denial. {@code before} and {@code after} are the
 * JSON documents as recorded (null when there is none; for a FAILURE, {@code after} holds the error).
 */
public record AuditLogEntryData(
        String kind,
        ResourceMetadata metadata,
        @JsonProperty("cluster_id") String clusterId,
        long id,
        String at,
        String principal,
        String client,
        String action,
        String resource,
        String outcome,
        @JsonRawValue String before,
        @JsonRawValue String after) {}
