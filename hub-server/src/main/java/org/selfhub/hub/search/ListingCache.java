package org.selfhub.hub.search;

import com.github.benmanes.caffeine.cache.Cache;
import org.selfhub.hub.shared.Caches;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finished listing pages (the JSON body and the {@code Link} header), by request and by what the
 * caller may see. A page is served only while {@code listing_version} (V10: advanced by every commit
 * that changes a repository, on any instance) still has the value it was computed under, so a
 * listing never lags a write: the check is one primary-key read instead of the search itself.
 */
@Component
class ListingCache {

    /** Bodies kept, in bytes, across all entries. */
    static final long MAX_BYTES = 32L * 1024 * 1024;

    /**
     * @param request the path, the query string and the public base URL (it is in the {@code Link})
     * @param viewer  what decides which private repositories the caller sees
     */
    record Key(String request, String viewer) {
    }

    record Page(long version, byte[] body, String link) {
    }

    private final JdbcClient jdbc;
    private final Cache<Key, Page> pages = Caches.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((Key key, Page page) -> page.body().length + key.request().length() + 64)
            .build();

    ListingCache(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The current version; read before a page is computed, so the page is at least that fresh. */
    long version() {
        return jdbc.sql("SELECT version FROM listing_version WHERE id = 1").query(Long.class).single();
    }

    /** The page computed under this version, if any. */
    Page get(Key key, long version) {
        Page page = pages.getIfPresent(key);
        return page != null && page.version() == version ? page : null;
    }

    void put(Key key, Page page) {
        pages.put(key, page);
    }
}
