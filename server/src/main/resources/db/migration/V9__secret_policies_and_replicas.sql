-- What Secrets Manager's newer operations keep with a secret. Portable SQL: the same file runs on SQLite and
-- PostgreSQL.
--   tags_listed:     1 once the secret had a tag: AWS then answers "Tags": [] after the last one is removed
--   resource_policy: the policy PutResourcePolicy stored, as given (kept and returned, never evaluated)
--   primary_region:  set on a replica: the region of its primary (the replica is a whole copy, written with it)
--   replicas:        on a primary, the regions it is replicated to with their status, as JSON (null: none)

ALTER TABLE secrets ADD COLUMN tags_listed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE secrets ADD COLUMN resource_policy TEXT;
ALTER TABLE secrets ADD COLUMN primary_region TEXT;
ALTER TABLE secrets ADD COLUMN replicas TEXT;
