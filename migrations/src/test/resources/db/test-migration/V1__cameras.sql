-- The first schema, as kvs-edge kept it before versions.
CREATE TABLE cameras (
    id      INTEGER PRIMARY KEY,
    uri     TEXT    NOT NULL UNIQUE,
    added   BIGINT  NOT NULL
);
CREATE INDEX cameras_by_added ON cameras (added);
