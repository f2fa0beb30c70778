-- Search and counters (issue 6): the listing's sort indexes, daily download hits and likes.
--
-- Listing sorts are keyset-paged on (sort value, id) per repository type, so each sort gets a btree
-- in that order; a descending page is a forward scan, an ascending one a backward scan. The id
-- search (trigram, V1) and tag filter (gin, V1) indexes are already there.
CREATE INDEX repository_sort_downloads_idx ON repository (type, downloads DESC, id DESC);
CREATE INDEX repository_sort_likes_idx ON repository (type, likes DESC, id DESC);
CREATE INDEX repository_sort_trending_idx ON repository (type, trending_score DESC, id DESC);
CREATE INDEX repository_sort_last_modified_idx ON repository (type, last_modified DESC, id DESC);
CREATE INDEX repository_sort_created_at_idx ON repository (type, created_at DESC, id DESC);
CREATE INDEX repository_sort_id_idx ON repository (type, (lower(namespace || '/' || name)) DESC, id DESC);

-- One row per repository, day (UTC) and client (an account, or an address for anonymous callers):
-- a client's downloads count at most once per repository per day, as on huggingface.co.
CREATE TABLE repository_download (
    repository_id uuid         NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    day           date         NOT NULL,
    client        varchar(100) NOT NULL,
    PRIMARY KEY (repository_id, day, client)
);
-- the scheduled refresh finds the repositories whose 30-day and 7-day windows moved
CREATE INDEX repository_download_day_idx ON repository_download (day);

CREATE TABLE repository_like (
    repository_id uuid        NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    account_id    bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (repository_id, account_id)
);
CREATE INDEX repository_like_account_idx ON repository_like (account_id, created_at DESC);
CREATE INDEX repository_like_created_idx ON repository_like (created_at);
