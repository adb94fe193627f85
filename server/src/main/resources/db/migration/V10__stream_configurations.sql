-- What a stream is configured with beyond its own columns. Portable SQL: the same file runs on SQLite and PostgreSQL.
-- storage_tier: the DefaultStorageTier of CreateStream and UpdateStreamStorageConfiguration (HOT or WARM).
-- stream_configurations: one row per stream and kind ('image-generation', 'notification'): the configuration as
-- given (its API shape as JSON, ApiJson), and the last fragment the worker of that kind has handled, so that a
-- restart neither repeats nor skips one. Rows go with their stream (ON DELETE CASCADE); stream_arn tells a
-- re-created stream's configuration from the old one's.

ALTER TABLE streams ADD COLUMN storage_tier TEXT NOT NULL DEFAULT 'HOT';

CREATE TABLE stream_configurations (
    account_id      TEXT   NOT NULL,
    region          TEXT   NOT NULL,
    name            TEXT   NOT NULL,
    kind            TEXT   NOT NULL,
    stream_arn      TEXT   NOT NULL,
    config          TEXT   NOT NULL,
    enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    last_fragment   BIGINT NOT NULL, -- the fragment number handled last; -1 before any
    updated_ms      BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, name, kind),
    FOREIGN KEY (account_id, region, name) REFERENCES streams (account_id, region, name) ON DELETE CASCADE
);

-- The workers' query: the enabled configurations of a kind.
CREATE INDEX stream_configurations_enabled ON stream_configurations (kind, enabled);
