package org.selfhub.hub.shared;

import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The builder every in-process cache of the hub starts from. Caffeine's default runs its upkeep
 * (draining the read and write buffers, eviction, expiry) as a task on the common fork-join pool,
 * which on a hot path such as {@code HEAD /resolve} meant waking a pool thread every few dozen
 * reads: 4 % of a HEAD's CPU on two cores (bench/file-api.sh). Here the upkeep runs on the thread
 * that triggered it, under Caffeine's own try-lock, in amortised steps; no cache of the hub has a
 * removal listener that could block.
 */
public final class Caches {

    private Caches() {
    }

    public static Caffeine<Object, Object> newBuilder() {
        return Caffeine.newBuilder().executor(Runnable::run);
    }
}
