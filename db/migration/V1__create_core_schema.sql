-- Schema v1: accounts (users and organizations share one namespace), memberships, access tokens,
-- repositories, the LFS object index with its repository links, and the audit log.
-- Flyway owns the schema; Hibernate only validates it. Never edit a migration once it has landed.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE account (
    id              bigserial PRIMARY KEY,
    kind            varchar(8)   NOT NULL CHECK (kind IN ('user', 'org')),
    name            varchar(96)  NOT NULL,
    fullname        varchar(200),
    email           varchar(320),
    password_hash   varchar(200),
    avatar_url      varchar(1000),
    is_admin        boolean      NOT NULL DEFAULT false,
    disabled        boolean      NOT NULL DEFAULT false,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now()
);
-- Names are unique without regard to case, as on huggingface.co.
CREATE UNIQUE INDEX account_name_key ON account (lower(name));
CREATE UNIQUE INDEX account_email_key ON account (lower(email)) WHERE email IS NOT NULL;

CREATE TABLE membership (
    org_id      bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    user_id     bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    role        varchar(8)  NOT NULL CHECK (role IN ('admin', 'write', 'read')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX membership_user_idx ON membership (user_id);

CREATE TABLE access_token (
    id            bigserial PRIMARY KEY,
    account_id    bigint       NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name          varchar(100) NOT NULL,
    role          varchar(8)   NOT NULL CHECK (role IN ('read', 'write')),
    -- sha256 of the whole token, hex: tokens carry 160+ random bits, so a fast hash is enough
    token_hash    char(64)     NOT NULL UNIQUE,
    -- the first characters after hf_, to tell tokens apart in listings
    token_prefix  varchar(12)  NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX access_token_account_idx ON access_token (account_id);

CREATE TABLE repository (
    id                uuid         PRIMARY KEY,
    type              varchar(8)   NOT NULL CHECK (type IN ('model', 'dataset', 'space')),
    namespace_id      bigint       NOT NULL REFERENCES account (id),
    namespace         varchar(96)  NOT NULL,
    name              varchar(96)  NOT NULL,
    private           boolean      NOT NULL DEFAULT false,
    gated             varchar(8)   NOT NULL DEFAULT 'false' CHECK (gated IN ('false', 'auto', 'manual')),
    default_branch    varchar(255) NOT NULL DEFAULT 'main',
    created_at        timestamptz  NOT NULL DEFAULT now(),
    last_modified     timestamptz  NOT NULL DEFAULT now(),
    head_sha          char(40),
    -- metadata extracted when a commit lands
    card_data         jsonb,
    config            jsonb,
    tags              text[]       NOT NULL DEFAULT '{}',
    pipeline_tag      varchar(100),
    library_name      varchar(100),
    license           varchar(100),
    safetensors       jsonb,
    gguf              jsonb,
    used_storage      bigint       NOT NULL DEFAULT 0,
    downloads         bigint       NOT NULL DEFAULT 0,
    downloads_all_time bigint      NOT NULL DEFAULT 0,
    likes             bigint       NOT NULL DEFAULT 0,
    trending_score    double precision NOT NULL DEFAULT 0,
    -- space runtime settings (no runtime is served; kept for repo info)
    sdk               varchar(40)
);
CREATE UNIQUE INDEX repository_name_key ON repository (type, lower(namespace), lower(name));
CREATE INDEX repository_namespace_idx ON repository (namespace_id);
CREATE INDEX repository_id_trgm_idx ON repository USING gin ((lower(namespace || '/' || name)) gin_trgm_ops);
CREATE INDEX repository_tags_idx ON repository USING gin (tags);

-- Old names of moved repositories answer 307 to the new name.
CREATE TABLE repository_redirect (
    type          varchar(8)  NOT NULL,
    namespace     varchar(96) NOT NULL,
    name          varchar(96) NOT NULL,
    repository_id uuid        NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX repository_redirect_key ON repository_redirect (type, lower(namespace), lower(name));

-- Large files, content-addressed by sha256 and stored once for all repositories.
CREATE TABLE lfs_object (
    oid         char(64)    PRIMARY KEY,
    size        bigint      NOT NULL CHECK (size >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Which repositories reference an object: authorizes downloads and roots garbage collection.
CREATE TABLE lfs_object_link (
    repository_id uuid        NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    oid           char(64)    NOT NULL REFERENCES lfs_object (oid),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (repository_id, oid)
);
CREATE INDEX lfs_object_link_oid_idx ON lfs_object_link (oid);

CREATE TABLE audit_log (
    id            bigserial PRIMARY KEY,
    occurred_at   timestamptz  NOT NULL DEFAULT now(),
    actor         varchar(96),
    action        varchar(64)  NOT NULL,
    target        varchar(300),
    client_address varchar(64),
    details       jsonb
);
CREATE INDEX audit_log_time_idx ON audit_log (occurred_at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor);
CREATE INDEX audit_log_action_idx ON audit_log (action);
