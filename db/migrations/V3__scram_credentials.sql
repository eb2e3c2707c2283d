-- SCRAM-SHA-256/512 credentials for SASL (RFC 5802 / RFC 7677 as Kafka stores them).
-- Only the salted-password derivatives are kept: salt, StoredKey, ServerKey and the iteration count.
-- Neither the password nor the salted password is ever stored. Every change NOTIFYs strata_scram
-- (in the writing transaction), so every broker reloads its credential cache within a second.
CREATE TABLE scram_credentials (
    user_name   TEXT NOT NULL CHECK (user_name <> ''),
    mechanism   TEXT NOT NULL CHECK (mechanism IN ('SCRAM-SHA-256', 'SCRAM-SHA-512')),
    salt        BYTEA NOT NULL,
    stored_key  BYTEA NOT NULL,
    server_key  BYTEA NOT NULL,
    iterations  INT NOT NULL CHECK (iterations BETWEEN 4096 AND 16384),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_name, mechanism)
);
