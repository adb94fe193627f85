CREATE TABLE clips (
    camera_id INTEGER NOT NULL REFERENCES cameras (id),
    start_ms  BIGINT  NOT NULL,
    PRIMARY KEY (camera_id, start_ms)
);
