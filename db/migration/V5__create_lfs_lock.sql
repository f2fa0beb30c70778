-- Git LFS file locks (git-lfs docs/api/locking.md): one lock per path and repository, held by a user.
-- Every lookup is scoped by repository_id; ids are random so they cannot be enumerated.
CREATE TABLE lfs_lock (
    id             uuid          PRIMARY KEY,
    repository_id  uuid          NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    path           varchar(4096) NOT NULL,
    owner_id       bigint        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    ref_name       varchar(1024),
    locked_at      timestamptz   NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX lfs_lock_path_key ON lfs_lock (repository_id, path);
CREATE INDEX lfs_lock_owner_idx ON lfs_lock (owner_id);
