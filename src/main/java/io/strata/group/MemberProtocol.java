package io.strata.group;

/**
 * One protocol a member supports (for the consumer protocol type: an assignor name such as
 * {@code range}), with its metadata. The metadata is opaque to the coordinator, which is what lets
 * Kafka Connect's {@code connect} protocol type work unchanged.
 */
public record MemberProtocol(String name, byte[] metadata) {}
