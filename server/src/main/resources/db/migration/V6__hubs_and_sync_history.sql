-- What the console shows beyond the public API: each hub device's last contact with its agent, the backlog
-- each stream has on its hub, and the sync history of edge configurations. Portable SQL: the same file runs
-- on SQLite and PostgreSQL. Stream names are compared byte-wise (SQLite's BINARY; the store adds COLLATE "C"
-- on PostgreSQL).

-- One row per hub device and scope: the agent's latest long-poll, who signed it and what it said of itself.
CREATE TABLE hub_contacts (
    account_id      TEXT    NOT NULL,
    region          TEXT    NOT NULL,
    hub_device_arn  TEXT    NOT NULL,
    access_key_id   TEXT    NOT NULL,
    agent_key       INTEGER NOT NULL CHECK (agent_key IN (0, 1)), -- 1: an agent key pair (revocable), 0: admin
    agent_version   TEXT,
    time_zone       TEXT,
    last_contact_ms BIGINT  NOT NULL,
    PRIMARY KEY (account_id, region, hub_device_arn)
);

-- The latest backlog an agent reported for a stream (ReportEdgeAgentStatus's Backlog).
CREATE TABLE stream_backlogs (
    stream_arn     TEXT   NOT NULL PRIMARY KEY,
    segments       BIGINT NOT NULL,
    bytes          BIGINT NOT NULL,
    oldest_ms      BIGINT,
    pending_ranges TEXT   NOT NULL, -- [[start_ms, end_ms], ...] as JSON
    reported_ms    BIGINT NOT NULL
);

-- Each sync state an edge configuration entered (DELETED when it was removed), numbered per stream name;
-- written in the transaction of the transition. The newest rows of each stream are kept.
CREATE TABLE edge_sync_history (
    account_id            TEXT   NOT NULL,
    region                TEXT   NOT NULL,
    stream_name           TEXT   NOT NULL,
    seq                   BIGINT NOT NULL,
    stream_arn            TEXT   NOT NULL,
    time_ms               BIGINT NOT NULL,
    sync_status           TEXT   NOT NULL,
    failed_status_details TEXT,
    PRIMARY KEY (account_id, region, stream_name, seq)
);
