-- Strata metadata schema. Flyway owns it; Hibernate never generates DDL.
-- Every metadata change bumps metadata_version.version and NOTIFYs strata_metadata, so brokers
-- can tell a stale in-memory image from a current one.

CREATE TABLE cluster (
    singleton   BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    cluster_id  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE metadata_version (
    singleton  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    version    BIGINT NOT NULL
);
INSERT INTO metadata_version (version) VALUES (0);

CREATE TABLE brokers (
    node_id         INT PRIMARY KEY,
    rack            TEXT,
    host            TEXT NOT NULL,
    kafka_port      INT NOT NULL,
    http_port       INT NOT NULL,
    incarnation     UUID NOT NULL,
    registered_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_heartbeat  TIMESTAMPTZ NOT NULL DEFAULT now(),
    fenced          BOOLEAN NOT NULL DEFAULT FALSE,
    shutting_down   BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE controller (
    singleton  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    epoch      BIGINT NOT NULL,
    node_id    INT,
    elected_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO controller (epoch, node_id) VALUES (0, NULL);

CREATE TABLE topics (
    topic_id            UUID PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    replication_factor  INT NOT NULL CHECK (replication_factor > 0),
    configs             JSONB NOT NULL DEFAULT '{}'::jsonb,
    internal            BOOLEAN NOT NULL DEFAULT FALSE,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE partitions (
    topic_id          UUID NOT NULL REFERENCES topics (topic_id) ON DELETE CASCADE,
    partition_id      INT NOT NULL CHECK (partition_id >= 0),
    replicas          INT[] NOT NULL,
    isr               INT[] NOT NULL,
    leader            INT NOT NULL,          -- -1 when offline
    leader_epoch      INT NOT NULL DEFAULT 0,
    partition_epoch   INT NOT NULL DEFAULT 0,
    adding_replicas   INT[] NOT NULL DEFAULT '{}',
    removing_replicas INT[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (topic_id, partition_id)
);

CREATE TABLE consumer_offsets (
    group_id          TEXT NOT NULL,
    topic             TEXT NOT NULL,
    partition_id      INT NOT NULL,
    committed_offset  BIGINT NOT NULL,
    leader_epoch      INT NOT NULL DEFAULT -1,
    metadata          TEXT,
    commit_time       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, topic, partition_id)
);

CREATE TABLE acls (
    id             BIGSERIAL PRIMARY KEY,
    principal      TEXT NOT NULL,
    host           TEXT NOT NULL DEFAULT '*',
    resource_type  TEXT NOT NULL,
    pattern_type   TEXT NOT NULL,
    resource_name  TEXT NOT NULL,
    operation      TEXT NOT NULL,
    permission     TEXT NOT NULL,
    UNIQUE (principal, host, resource_type, pattern_type, resource_name, operation, permission)
);

CREATE TABLE producer_ids (
    singleton  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    next_block BIGINT NOT NULL
);
INSERT INTO producer_ids (next_block) VALUES (0);

CREATE TABLE audit_log (
    id         BIGSERIAL PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    principal  TEXT NOT NULL,
    client     TEXT,
    action     TEXT NOT NULL,
    resource   TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    before     JSONB,
    after      JSONB
);
CREATE INDEX audit_log_at ON audit_log (at);
