package io.strata.metadata;

/**
 * One user's SCRAM credential for one mechanism, as stored: the salt, RFC 5802's StoredKey and
 * ServerKey, and the iteration count. It holds no password and nothing a password can be read from
 * without a brute-force search; still, never hand it to a client.
 *
 * @param mechanism Kafka's mechanism name, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}
 */
public record StoredScramCredential(String user, String mechanism, byte[] salt, byte[] storedKey, byte[] serverKey,
        int iterations) {}
