-- The file index: what every git tree of a repository holds, with sizes and LFS pointers already
-- parsed, written when a commit lands (architecture.md "Derived metadata"), so that repo info, tree,
-- paths-info and resolve never walk large trees, read blobs or hash anything on a read.
--
-- Keyed by git tree id, like git itself: a commit that changes one file adds rows only for the
-- trees along that file's path; every unchanged directory is shared with earlier commits.

CREATE TABLE git_tree_entry (
    repository_id uuid         NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    tree_oid      char(40)     NOT NULL,
    name          text COLLATE "C" NOT NULL,
    -- f: regular or executable file, l: symlink (served as a file), d: directory
    kind          char(1)      NOT NULL CHECK (kind IN ('f', 'l', 'd')),
    -- git blob id (of the pointer for LFS files), or the tree id of a directory
    oid           char(40)     NOT NULL,
    -- the real content size: the LFS object's size for LFS files, 0 for directories
    size          bigint       NOT NULL,
    lfs_oid       char(64),
    pointer_size  integer,
    PRIMARY KEY (repository_id, tree_oid, name)
);
-- finds what is already known about a blob when a new tree reuses it
CREATE INDEX git_tree_entry_oid_idx ON git_tree_entry (repository_id, oid);

-- Trees whose entries are all in git_tree_entry (an empty tree has no rows, but is indexed).
CREATE TABLE git_indexed_tree (
    repository_id uuid     NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    tree_oid      char(40) NOT NULL,
    PRIMARY KEY (repository_id, tree_oid)
);

-- Commits whose root tree is indexed.
CREATE TABLE git_indexed_commit (
    repository_id uuid        NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    commit_sha    char(40)    NOT NULL,
    tree_oid      char(40)    NOT NULL,
    committed_at  timestamptz NOT NULL,
    PRIMARY KEY (repository_id, commit_sha)
);
