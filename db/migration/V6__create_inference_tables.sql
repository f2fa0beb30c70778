-- Inference (inference-design.md §3.3): the job queue, results fenced by lease tokens, the worker
-- pool and the models each worker holds, per-user virtual times for start-time fair queuing, and
-- the memory each model was measured to need. Times are always compared with the database's now().

CREATE TABLE inference_job (
    id                uuid             PRIMARY KEY,
    -- the repository's immutable id: the model-file read token is scoped to it
    repository_id     uuid             NOT NULL,
    model_id          varchar(200)     NOT NULL,
    sha               varchar(64)      NOT NULL,
    task              varchar(64)      NOT NULL,
    -- who asked: 'u:<account id>' or 'anon'; the unit of fairness and of the per-user cap
    user_key          varchar(64)      NOT NULL,
    priority          smallint         NOT NULL DEFAULT 0,
    vtime             double precision NOT NULL,
    state             varchar(10)      NOT NULL CHECK (state IN ('queued', 'leased', 'done', 'failed', 'cancelled')),
    payload           bytea            NOT NULL,
    content_type      varchar(200)     NOT NULL,
    params            jsonb            NOT NULL DEFAULT '{}',
    created_at        timestamptz      NOT NULL DEFAULT now(),
    deadline_at       timestamptz      NOT NULL,
    attempts          int              NOT NULL DEFAULT 0,
    max_attempts      int              NOT NULL,
    worker_id         uuid,
    lease_token       uuid,
    leased_at         timestamptz,
    lease_expires_at  timestamptz,
    last_error        varchar(1000),
    finished_at       timestamptz
) WITH (fillfactor = 70);
CREATE INDEX inference_job_queued_idx ON inference_job (model_id, priority DESC, vtime) WHERE state = 'queued';
CREATE INDEX inference_job_queued_vtime_idx ON inference_job (vtime) WHERE state = 'queued';
CREATE INDEX inference_job_leased_idx ON inference_job (lease_expires_at) WHERE state = 'leased';
CREATE INDEX inference_job_worker_idx ON inference_job (worker_id) WHERE state = 'leased';
CREATE INDEX inference_job_user_idx ON inference_job (user_key) WHERE state IN ('queued', 'leased');
CREATE INDEX inference_job_finished_idx ON inference_job (finished_at) WHERE finished_at IS NOT NULL;

-- One row per finished job; (job_id, lease_token) tells a repeated post from a stale one.
CREATE TABLE inference_result (
    job_id        uuid         PRIMARY KEY REFERENCES inference_job (id) ON DELETE CASCADE,
    lease_token   uuid         NOT NULL,
    status        int          NOT NULL,
    content_type  varchar(200) NOT NULL,
    body          bytea        NOT NULL,
    headers       jsonb        NOT NULL DEFAULT '{}',
    created_at    timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE inference_worker (
    id                 uuid         PRIMARY KEY,
    name               varchar(200) NOT NULL,
    version            varchar(100),
    state              varchar(10)  NOT NULL CHECK (state IN ('active', 'draining', 'dead')),
    device_kind        varchar(16)  NOT NULL,
    device_name        varchar(200),
    mem_total          bigint       NOT NULL,
    mem_free           bigint       NOT NULL,
    max_concurrency    int          NOT NULL,
    max_batch          int          NOT NULL,
    tasks              text[]       NOT NULL DEFAULT '{}',
    registered_at      timestamptz  NOT NULL DEFAULT now(),
    last_heartbeat_at  timestamptz  NOT NULL DEFAULT now()
);

-- What each worker holds: 'loading' (the hub handed it a cold job), 'ready', 'failed', or
-- 'unloading' (the hub told it to evict to make room; removed once the worker stops reporting it).
CREATE TABLE inference_worker_model (
    worker_id     uuid         NOT NULL REFERENCES inference_worker (id) ON DELETE CASCADE,
    model_id      varchar(200) NOT NULL,
    sha           varchar(64)  NOT NULL,
    state         varchar(10)  NOT NULL CHECK (state IN ('loading', 'ready', 'failed', 'unloading')),
    mem_bytes     bigint       NOT NULL DEFAULT 0,
    last_used_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (worker_id, model_id)
);
CREATE INDEX inference_worker_model_model_idx ON inference_worker_model (model_id);

-- Start-time fair queuing: each user's last virtual start time.
CREATE TABLE inference_fair_share (
    user_key    varchar(64)      PRIMARY KEY,
    last_vtime  double precision NOT NULL
);

-- What loading a model costs: the largest memory a worker measured for it, and the last load time.
CREATE TABLE inference_model_stats (
    model_id     varchar(200) PRIMARY KEY,
    mem_bytes    bigint       NOT NULL DEFAULT 0,
    load_millis  bigint,
    updated_at   timestamptz  NOT NULL DEFAULT now()
);
