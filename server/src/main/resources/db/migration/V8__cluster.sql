-- Several nodes on one database (docs/cluster.md). Old nodes ignore what this adds, so a rolling upgrade can run old
-- and new nodes side by side: columns with defaults, a new table, nothing renamed or dropped.

-- The cluster's media store: one row, made by the first node to start. Its id is also written into the media store
-- (the blob kvs-edge-cluster.id), so a node given another store (another bucket, or a folder of its own) sees the mark
-- missing or different and refuses to start instead of serving other nodes' media as empty. marked is 1 once a node
-- wrote the mark, so a store without one is known to be a different store.
CREATE TABLE cluster_identity (
    singleton   INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
    cluster_id  TEXT    NOT NULL,
    media_store TEXT    NOT NULL,
    marked      INTEGER NOT NULL
);

-- One upload per stream in the whole cluster: a new PutMedia takes the stream's upload by raising the token; a
-- fragment is indexed only while its upload's token is still the stream's (checked with the stream's row locked), so
-- an older upload, on any node, cannot write once it lost the stream.
ALTER TABLE streams ADD COLUMN upload_token BIGINT NOT NULL DEFAULT 0;
ALTER TABLE streams ADD COLUMN upload_node TEXT;
