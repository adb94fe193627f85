-- Edge configurations (at most one per stream) and the change sequence of each hub device, which the
-- hub's agent long-polls on. Portable SQL: the same file runs on SQLite and PostgreSQL.
-- Stream names are compared byte-wise (SQLite's BINARY; the store adds COLLATE "C" on PostgreSQL).
-- No foreign key to streams: removing a configuration must go through the store, which moves the
-- hub's sequence so that the agent notices, and a cascade would not.

CREATE TABLE edge_configurations (
    account_id                     TEXT    NOT NULL,
    region                         TEXT    NOT NULL,
    stream_name                    TEXT    NOT NULL,
    stream_arn                     TEXT    NOT NULL,
    hub_device_arn                 TEXT    NOT NULL,
    edge_config                    TEXT    NOT NULL, -- the EdgeConfig as JSON (ApiJson)
    sync_status                    TEXT    NOT NULL,
    failed_status_details          TEXT,
    creation_time_ms               BIGINT  NOT NULL,
    last_updated_time_ms           BIGINT  NOT NULL,
    deadline_ms                    BIGINT,           -- when the current state times out, or null
    delivered                      INTEGER NOT NULL CHECK (delivered IN (0, 1)),
    recorder_status                TEXT,             -- the recorder_ and uploader_ columns: all null until the agent reports
    recorder_details               TEXT,
    recorder_last_collected_time_ms BIGINT,
    recorder_last_updated_time_ms  BIGINT,
    uploader_status                TEXT,
    uploader_details               TEXT,
    uploader_last_collected_time_ms BIGINT,
    uploader_last_updated_time_ms  BIGINT,
    PRIMARY KEY (account_id, region, stream_name)
);

-- ListEdgeAgentConfigurations and the per-hub limit.
CREATE INDEX edge_configurations_by_hub ON edge_configurations (account_id, region, hub_device_arn, stream_name);

-- The sweeper's query for timed-out states; most configurations rest without a deadline.
CREATE INDEX edge_configurations_by_deadline ON edge_configurations (deadline_ms) WHERE deadline_ms IS NOT NULL;

CREATE TABLE hub_changes (
    hub_device_arn TEXT   NOT NULL PRIMARY KEY,
    sequence       BIGINT NOT NULL
);
