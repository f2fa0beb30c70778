-- Browser sessions are signed cookies (no server-side session store, so replicas stay stateless).
-- The HMAC key lives in the database that every replica shares; sessions issued before
-- account.sessions_valid_after (set on logout, password change and disable) are refused.

CREATE TABLE hub_secret (
    name        varchar(64)  PRIMARY KEY,
    value       bytea        NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now()
);

ALTER TABLE account ADD COLUMN sessions_valid_after timestamptz;
