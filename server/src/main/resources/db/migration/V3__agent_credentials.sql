-- Agent key pairs. The secret is stored sealed only (opaque bytes): BYTEA on PostgreSQL; on SQLite the
-- declared type gives NUMERIC affinity, which stores a bound BLOB unchanged.
-- hub_device_arn is NOT NULL: a credential without a hub would authenticate as an account admin.

CREATE TABLE agent_credentials (
    access_key_id    TEXT   NOT NULL PRIMARY KEY,
    sealed_secret    BYTEA  NOT NULL,
    account_id       TEXT   NOT NULL,
    hub_device_arn   TEXT   NOT NULL,
    creation_time_ms BIGINT NOT NULL
);

CREATE INDEX agent_credentials_by_hub ON agent_credentials (account_id, hub_device_arn);
