package org.selfhub.hub.xet;

import com.github.benmanes.caffeine.cache.Cache;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.selfhub.hub.repo.RepoDeleted;
import org.selfhub.hub.shared.Caches;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The Xet file, or none, linked to a repository for a sha256, as resolve asks on every request for
 * LFS content. At most {@value #MAX_ENTRIES} answers, each kept {@link #TTL}. Links are only ever
 * added, and removed only with their repository: a link made in this replica drops that
 * repository's answers, a deleted repository's answers go at once, and other replicas see a new
 * link within {@link #TTL}.
 */
@Component
class XetLinkCache {

    static final Duration TTL = Duration.ofSeconds(5);
    static final int MAX_ENTRIES = 50_000;

    private record Key(UUID repositoryId, String sha256) {
    }

    private final Cache<Key, Optional<XetFile>> answers =
            Caches.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(TTL).build();

    Optional<XetFile> get(UUID repositoryId, String sha256, Supplier<Optional<XetFile>> load) {
        Key key = new Key(repositoryId, sha256);
        Optional<XetFile> cached = answers.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        Optional<XetFile> loaded = load.get();
        answers.put(key, loaded);
        return loaded;
    }

    void forget(UUID repositoryId) {
        answers.asMap().keySet().removeIf(k -> k.repositoryId().equals(repositoryId));
    }

    @EventListener
    void on(RepoDeleted deleted) {
        forget(deleted.id());
    }
}
