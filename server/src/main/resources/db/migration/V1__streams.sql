-- Streams and their tags. Portable SQL: the same file runs on SQLite and PostgreSQL.
-- Names are compared byte-wise (SQLite's BINARY; the store adds COLLATE "C" on PostgreSQL).

CREATE TABLE streams (
    account_id           TEXT    NOT NULL,
    region               TEXT    NOT NULL,
    name                 TEXT    NOT NULL,
    arn                  TEXT    NOT NULL,
    device_name          TEXT,
    media_type           TEXT,
    kms_key_id           TEXT,
    version              TEXT    NOT NULL,
    creation_time_ms     BIGINT  NOT NULL,
    data_retention_hours INTEGER NOT NULL,
    PRIMARY KEY (account_id, region, name)
);

CREATE TABLE stream_tags (
    account_id TEXT NOT NULL,
    region     TEXT NOT NULL,
    name       TEXT NOT NULL,
    tag_key    TEXT NOT NULL,
    tag_value  TEXT NOT NULL,
    PRIMARY KEY (account_id, region, name, tag_key),
    FOREIGN KEY (account_id, region, name) REFERENCES streams (account_id, region, name) ON DELETE CASCADE
);
