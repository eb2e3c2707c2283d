package io.strata.security;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * A credential to create or replace, as AlterUserScramCredentials carries it: the client salts and
 * hashes the password, so only the salted password travels (and even that is never stored).
 */
public record ScramUpsertion(ScramMechanism mechanism, int iterations, byte[] salt, byte[] saltedPassword) {

    /** Salts and hashes a password here (HTTP API, the broker's own credential) with a fresh random salt. */
    public static ScramUpsertion fromPassword(ScramMechanism mechanism, String password, int iterations) {
        try {
            ScramFormatter formatter = new ScramFormatter(mechanism);
            byte[] salt = formatter.secureRandomBytes();
            return new ScramUpsertion(mechanism, iterations, salt, formatter.saltedPassword(password, salt, iterations));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("The JDK lacks " + mechanism.hashAlgorithm(), e);
        }
    }
}
