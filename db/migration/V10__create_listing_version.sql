-- Listings (GET /api/models, /api/datasets, /api/spaces) are cached by each hub instance
-- (search/ListingCache) and checked on every request against this one version number, which every
-- transaction that changes `repository` advances once, at its commit. A cached page is served only
-- while the version it was computed under is current: read-your-writes on every instance, no TTL.
CREATE TABLE listing_version (
    id      smallint PRIMARY KEY CHECK (id = 1),
    version bigint   NOT NULL
);
INSERT INTO listing_version (id, version) VALUES (1, 0);

-- Deferred to commit, so the row lock on listing_version is held only while the transaction commits
-- (concurrent writers to different repositories queue for microseconds, not for their whole
-- transaction); once per transaction, however many rows it changed.
CREATE FUNCTION advance_listing_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('hub.listing_version_advanced', true) IS DISTINCT FROM pg_current_xact_id()::text THEN
        UPDATE listing_version SET version = version + 1 WHERE id = 1;
        PERFORM set_config('hub.listing_version_advanced', pg_current_xact_id()::text, true);
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER repository_listing_version
    AFTER INSERT OR UPDATE OR DELETE ON repository
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION advance_listing_version();
