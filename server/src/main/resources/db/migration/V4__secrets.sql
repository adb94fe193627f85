-- Secrets Manager secrets, their versions with staging labels, and their tags. Portable SQL: the same
-- file runs on SQLite and PostgreSQL. A version's value is stored sealed only (AES-256-GCM with the
-- master key, bound to the secret's ARN and the version id): BYTEA on PostgreSQL; on SQLite the
-- declared type gives NUMERIC affinity, which stores a bound BLOB unchanged (as in V3).
-- Versions, labels and tags go with their secret (ON DELETE CASCADE): a purge is one DELETE.

CREATE TABLE secrets (
    account_id            TEXT   NOT NULL,
    region                TEXT   NOT NULL,
    name                  TEXT   NOT NULL,
    arn                   TEXT   NOT NULL, -- ends with a random suffix: a secret created again gets a new ARN
    description           TEXT,
    kms_key_id            TEXT,
    created_date_ms       BIGINT NOT NULL,
    last_changed_date_ms  BIGINT NOT NULL,
    last_accessed_date_ms BIGINT,          -- a day (UTC midnight), or null when never read
    deleted_date_ms       BIGINT,          -- when DeleteSecret scheduled it for deletion, or null
    deletion_date_ms      BIGINT,          -- when its recovery window ends and it is purged, or null
    PRIMARY KEY (account_id, region, name)
);

-- The purge's query; most secrets are not scheduled for deletion.
CREATE INDEX secrets_by_deletion_date ON secrets (deletion_date_ms) WHERE deletion_date_ms IS NOT NULL;

CREATE TABLE secret_versions (
    account_id      TEXT   NOT NULL,
    region          TEXT   NOT NULL,
    name            TEXT   NOT NULL,
    version_id      TEXT   NOT NULL,
    value_kind      TEXT   NOT NULL CHECK (value_kind IN ('STRING', 'BINARY')),
    sealed_value    BYTEA  NOT NULL,
    created_date_ms BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, name, version_id),
    FOREIGN KEY (account_id, region, name) REFERENCES secrets (account_id, region, name) ON DELETE CASCADE
);

-- A staging label is on one version of a secret at most: the primary key holds it.
CREATE TABLE secret_version_stages (
    account_id TEXT NOT NULL,
    region     TEXT NOT NULL,
    name       TEXT NOT NULL,
    stage      TEXT NOT NULL,
    version_id TEXT NOT NULL,
    PRIMARY KEY (account_id, region, name, stage),
    FOREIGN KEY (account_id, region, name, version_id)
        REFERENCES secret_versions (account_id, region, name, version_id) ON DELETE CASCADE
);

CREATE TABLE secret_tags (
    account_id TEXT NOT NULL,
    region     TEXT NOT NULL,
    name       TEXT NOT NULL,
    tag_key    TEXT NOT NULL,
    tag_value  TEXT NOT NULL,
    PRIMARY KEY (account_id, region, name, tag_key),
    FOREIGN KEY (account_id, region, name) REFERENCES secrets (account_id, region, name) ON DELETE CASCADE
);
