package io.strata.group;

import org.apache.kafka.common.protocol.Errors;

/** The answer to one SyncGroup: this member's assignment bytes exactly as the leader sent them. */
public record SyncGroupResult(Errors error, String protocolType, String protocolName, byte[] assignment) {

    static final byte[] NO_ASSIGNMENT = new byte[0];

    static SyncGroupResult error(Errors error) {
        return new SyncGroupResult(error, null, null, NO_ASSIGNMENT);
    }
}
