package org.selfhub.hub.auth;

import com.github.benmanes.caffeine.cache.Cache;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.selfhub.hub.shared.Caches;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Callers by access-token hash, so that a client sending the same token on every request does not
 * cost a token and membership lookup each time. Only live tokens are kept (an unknown token always
 * asks the database), at most {@value #MAX_ENTRIES}, each for {@link #TTL}.
 *
 * <p>Staleness: a revoked token, a disabled or deleted user, a changed admin flag or organization
 * membership drops every entry at once and again when the changing transaction completes, so in this
 * replica it takes effect immediately; other replicas notice within {@link #TTL}.
 */
@Component
class CallerCache {

    static final Duration TTL = Duration.ofSeconds(5);
    static final int MAX_ENTRIES = 10_000;

    private final Cache<String, Caller> byTokenHash =
            Caches.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(TTL).build();
    private final AtomicLong generation = new AtomicLong();

    Optional<Caller> get(String tokenHash, Supplier<Optional<Caller>> load) {
        Caller cached = byTokenHash.getIfPresent(tokenHash);
        if (cached != null) {
            return Optional.of(cached);
        }
        long before = generation.get();
        Optional<Caller> loaded = load.get();
        if (loaded.isPresent()) {
            byTokenHash.put(tokenHash, loaded.get());
            if (generation.get() != before) {
                byTokenHash.invalidate(tokenHash);
            }
        }
        return loaded;
    }

    /** Forgets every caller, now and when the current transaction (if any) completes. */
    void invalidateAll() {
        Runnable drop = () -> {
            generation.incrementAndGet();
            byTokenHash.invalidateAll();
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
}
