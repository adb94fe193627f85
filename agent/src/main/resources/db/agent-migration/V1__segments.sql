-- The segment index as agents made it before its schema had versions (CREATE TABLE IF NOT EXISTS at every open).
-- Hubs in the field hold exactly these; they are adopted as version 1.
-- Times are epoch nanoseconds; file is relative to the data dir.
CREATE TABLE segments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_arn  TEXT    NOT NULL,
    file        TEXT    NOT NULL UNIQUE,
    start_nanos INTEGER NOT NULL,
    end_nanos   INTEGER NOT NULL,
    size_bytes  INTEGER NOT NULL,
    uploaded    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX segments_by_stream ON segments (stream_arn, start_nanos);
