package org.selfhub.hub.repo;

import com.github.benmanes.caffeine.cache.Cache;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.selfhub.hub.shared.Caches;
import org.selfhub.hub.shared.RepoRef;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Repositories by (type, lower namespace, lower name), so that the read hot path (resolve, info)
 * does not ask the database for the same row on every request. Only found repositories are kept,
 * at most {@value #MAX_ENTRIES} of them, each for {@link #TTL}.
 *
 * <p>Staleness: every change made through {@link RepoService} (create, delete, move, settings, a
 * commit's bookkeeping) drops the entries of that repository at once and again once its transaction
 * committed, so this replica never serves a stale row after the change is visible. Other replicas
 * see a change after at most {@link #TTL}: a repository made private on one replica may still be
 * served anonymously by another for up to that long.
 */
final class RepoLookupCache {

    static final Duration TTL = Duration.ofSeconds(5);
    static final int MAX_ENTRIES = 10_000;

    private final Cache<String, Repo> byName;
    /** Moves on every invalidation, so that a load that raced with one is not kept. */
    private final AtomicLong generation = new AtomicLong();

    RepoLookupCache() {
        this(TTL);
    }

    RepoLookupCache(Duration ttl) {
        this.byName = Caches.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(ttl).build();
    }

    /**
     * The cached repository, or the loaded one (cached when found), or null. Inside a transaction
     * (the write paths) the cache is neither read nor filled: those see the database itself.
     */
    Repo get(RepoRef ref, Supplier<Repo> load) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return load.get();
        }
        String key = key(ref);
        Repo cached = byName.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        long before = generation.get();
        Repo loaded = load.get();
        if (loaded != null) {
            byName.put(key, loaded);
            if (generation.get() != before) {
                // An invalidation ran while loading: the row may predate it.
                byName.invalidate(key);
            }
        }
        return loaded;
    }

    /** Drops the repository's entries now and once the current transaction committed. */
    void invalidate(UUID id) {
        Runnable drop = () -> {
            generation.incrementAndGet();
            byName.asMap().values().removeIf(r -> r.id().equals(id));
        };
        drop.run();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    drop.run();
                }
            });
        }
    }

    void invalidateAll() {
        generation.incrementAndGet();
        byName.invalidateAll();
    }

    long size() {
        byName.cleanUp();
        return byName.estimatedSize();
    }

    private static String key(RepoRef ref) {
        return ref.type().value() + '\n' + ref.namespace().toLowerCase(Locale.ROOT) + '\n'
                + ref.name().toLowerCase(Locale.ROOT);
    }
}
