-- Xet storage (xet.md §2). Xorb bytes live in the object store under xet/xorbs/<hash>; what the hub
-- needs to validate shards and answer reconstructions lives here, so that chunk hashes are never
-- served to clients.

-- One row per stored, verified xorb. The per-chunk metadata is packed, chunk i at byte 32*i or 4*i:
-- raw 32-byte chunk hashes, and little-endian u32 end offsets of the serialized bytes (headers
-- included) and of the raw bytes. A 64 MiB xorb of 8192 chunks costs 320 kB here.
CREATE TABLE xet_xorb (
    hash            char(64)    PRIMARY KEY,
    chunk_count     integer     NOT NULL CHECK (chunk_count > 0),
    serialized_size bigint      NOT NULL,
    unpacked_size   bigint      NOT NULL,
    chunk_hashes    bytea       NOT NULL,
    compressed_ends bytea       NOT NULL,
    unpacked_ends   bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- A file as a shard described it: its xet hash, size and, from the metadata extension, sha256. One
-- sha256 may have several xet hashes (hf_xet and the JS client chunk differently).
CREATE TABLE xet_file (
    hash        char(64)    PRIMARY KEY,
    size        bigint      NOT NULL CHECK (size >= 0),
    sha256      char(64),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX xet_file_sha256_idx ON xet_file (sha256);

-- The ordered terms of a file: chunks [chunk_start, chunk_end) of a xorb.
CREATE TABLE xet_file_term (
    file_hash      char(64) NOT NULL REFERENCES xet_file (hash) ON DELETE CASCADE,
    term_index     integer  NOT NULL,
    xorb_hash      char(64) NOT NULL REFERENCES xet_xorb (hash),
    chunk_start    integer  NOT NULL,
    chunk_end      integer  NOT NULL,
    unpacked_bytes bigint   NOT NULL,
    PRIMARY KEY (file_hash, term_index)
);
CREATE INDEX xet_file_term_xorb_idx ON xet_file_term (xorb_hash);

-- Which repositories a file was uploaded for (through a write token of that repository): authorizes
-- reconstructions and maps a commit's lfsFile sha256 to the file.
CREATE TABLE xet_file_link (
    repository_id uuid        NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    file_hash     char(64)    NOT NULL REFERENCES xet_file (hash),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (repository_id, file_hash)
);
CREATE INDEX xet_file_link_file_idx ON xet_file_link (file_hash);

-- The secret that signs CAS access tokens and xorb range URLs, shared by restarts and replicas.
CREATE TABLE xet_signing_key (
    id          smallint    PRIMARY KEY CHECK (id = 1),
    secret      bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
