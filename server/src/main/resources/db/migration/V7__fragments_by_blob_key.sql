-- The orphan sweep asks which of the blobs it lists an index row names (a blob committed just before a crash, whose
-- row never was, is an orphan); without this index each question would read the whole table.

CREATE INDEX fragments_by_blob_key ON fragments (blob_key);
