-- The fragment index of the data plane; the media bytes live in the blob store under blob_key.
-- Fragments belong to a stream's ARN, not its name: a re-created stream never sees the old one's media,
-- and the retention sweep finds fragments whose stream is gone by the missing ARN.
-- A blob holds the Matroska header (header_length bytes) then the cluster's children (the rest).

CREATE TABLE fragments (
    stream_arn      TEXT    NOT NULL,
    fragment_number BIGINT  NOT NULL,
    producer_ms     BIGINT  NOT NULL,
    server_ms       BIGINT  NOT NULL,
    duration_ms     BIGINT  NOT NULL,
    blob_key        TEXT    NOT NULL,
    blob_size       BIGINT  NOT NULL,
    header_length   INTEGER NOT NULL,
    PRIMARY KEY (stream_arn, fragment_number)
);

CREATE INDEX fragments_by_producer_time ON fragments (stream_arn, producer_ms);
CREATE INDEX fragments_by_server_time ON fragments (stream_arn, server_ms);
CREATE INDEX streams_by_arn ON streams (arn);
