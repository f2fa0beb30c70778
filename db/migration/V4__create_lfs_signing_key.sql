-- The secret that signs the hub's own LFS transfer URLs (upload, part, completion, verify and
-- download hrefs on the filesystem store). One row, created by the first server that needs it, so
-- that restarts and replicas sharing the database accept each other's URLs.
CREATE TABLE lfs_signing_key (
    id          smallint    PRIMARY KEY CHECK (id = 1),
    secret      bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
