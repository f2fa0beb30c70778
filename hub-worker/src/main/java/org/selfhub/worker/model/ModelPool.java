package org.selfhub.worker.model;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Loaded models kept in memory within a byte budget, least recently used evicted first
 * (inference-design.md §3.4: "evict the least-recently-used models that are not in use until the new
 * one fits"; one load at a time, like ModelMesh's {@code maxLoadingConcurrency=1}).
 *
 * <p>Callers {@link #acquire} a model and close the returned handle when done; a model with an open
 * handle is never evicted. Sizes are estimated before loading (to make room) and re-measured after.
 *
 * @param <T> the loaded model
 */
public final class ModelPool<T extends AutoCloseable> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ModelPool.class.getName());

    /** Loads models and sizes them. */
    public interface Loader<T> {
        /** Bytes the model is expected to take once loaded, before it is loaded. */
        long estimateBytes(ModelKey key) throws Exception;

        T load(ModelKey key) throws Exception;

        /** Bytes the loaded model takes (measured or estimated). */
        long bytes(T model);
    }

    /** A model's state for the heartbeat (§3.2). */
    public record ModelState(String modelId, String sha, String state, long bytes, Instant lastUsed) {
    }

    /** An acquired model; close it to release it. */
    public final class Handle implements AutoCloseable {
        private final Entry<T> entry;
        private boolean closed;

        private Handle(Entry<T> entry) {
            this.entry = entry;
        }

        public T model() {
            return entry.model;
        }

        @Override
        public void close() {
            synchronized (ModelPool.this) {
                if (!closed) {
                    closed = true;
                    entry.refs--;
                    ModelPool.this.notifyAll();
                }
            }
        }
    }

    private static final class Entry<T> {
        final ModelKey key;
        T model;
        long bytes;
        int refs;
        Instant lastUsed;

        Entry(ModelKey key) {
            this.key = key;
        }
    }

    private final long budgetBytes;
    private final Loader<T> loader;
    private final Clock clock;
    private final long roomWaitMillis;
    private final Object loadLock = new Object();
    /** Access-ordered: iteration starts at the least recently used model. */
    private final LinkedHashMap<ModelKey, Entry<T>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private ModelKey loading;
    private long loadingBytes;

    public ModelPool(long budgetBytes, Loader<T> loader, Clock clock, long roomWaitMillis) {
        this.budgetBytes = budgetBytes;
        this.loader = loader;
        this.clock = clock;
        this.roomWaitMillis = roomWaitMillis;
    }

    /**
     * The loaded model for {@code key}, loading it (after evicting idle models) when needed.
     *
     * @throws ModelTooLargeException when the model exceeds the whole budget
     * @throws TimeoutException       when models in use leave no room for it within the wait
     */
    public Handle acquire(ModelKey key) throws Exception {
        synchronized (this) {
            Handle h = tryHit(key);
            if (h != null) {
                return h;
            }
        }
        synchronized (loadLock) {
            synchronized (this) {
                Handle h = tryHit(key);
                if (h != null) {
                    return h;
                }
            }
            long estimate = loader.estimateBytes(key);
            if (estimate > budgetBytes) {
                throw new ModelTooLargeException("model " + key + " needs about " + estimate
                        + " bytes; the worker's budget is " + budgetBytes);
            }
            synchronized (this) {
                makeRoom(estimate, key);
                loading = key;
                loadingBytes = estimate;
            }
            T model;
            try {
                model = loader.load(key);
            } finally {
                synchronized (this) {
                    loading = null;
                    loadingBytes = 0;
                }
            }
            synchronized (this) {
                Entry<T> e = new Entry<>(key);
                e.model = model;
                e.bytes = loader.bytes(model);
                e.refs = 1;
                e.lastUsed = clock.instant();
                entries.put(key, e);
                evictIdleWhileOver(0, key);
                LOG.log(System.Logger.Level.INFO, "loaded " + key + " (" + e.bytes + " bytes; "
                        + usedBytes() + "/" + budgetBytes + " in use)");
                return new Handle(e);
            }
        }
    }

    private Handle tryHit(ModelKey key) {
        Entry<T> e = entries.get(key);
        if (e == null) {
            return null;
        }
        e.refs++;
        e.lastUsed = clock.instant();
        return new Handle(e);
    }

    private void makeRoom(long needed, ModelKey forKey) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + roomWaitMillis * 1_000_000L;
        while (true) {
            evictIdleWhileOver(needed, forKey);
            if (usedBytes() + needed <= budgetBytes) {
                return;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new TimeoutException("no room for " + forKey + ": " + usedBytes()
                        + " of " + budgetBytes + " bytes are held by models in use");
            }
            wait(left);
        }
    }

    /** Evicts least recently used idle models while the used bytes plus {@code extra} exceed the budget. */
    private void evictIdleWhileOver(long extra, ModelKey keep) {
        Iterator<Entry<T>> it = entries.values().iterator();
        while (usedBytes() + extra > budgetBytes && it.hasNext()) {
            Entry<T> e = it.next();
            if (e.refs == 0 && !e.key.equals(keep)) {
                it.remove();
                LOG.log(System.Logger.Level.INFO, "evicting " + e.key + " (" + e.bytes + " bytes, least recently used)");
                closeQuietly(e);
            }
        }
    }

    /** Unloads a model when it is idle (the heartbeat's {@code unload}); returns whether it was. */
    public synchronized boolean unload(String modelId) {
        boolean any = false;
        Iterator<Entry<T>> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry<T> e = it.next();
            if (e.key.modelId().equals(modelId) && e.refs == 0) {
                it.remove();
                closeQuietly(e);
                any = true;
            }
        }
        return any;
    }

    public synchronized long usedBytes() {
        long sum = loadingBytes;
        for (Entry<T> e : entries.values()) {
            sum += e.bytes;
        }
        return sum;
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    public synchronized long freeBytes() {
        return Math.max(0, budgetBytes - usedBytes());
    }

    /** Loaded models, least recently used first, plus the one loading. */
    public synchronized List<ModelState> snapshot() {
        List<ModelState> out = new ArrayList<>();
        for (Entry<T> e : entries.values()) {
            out.add(new ModelState(e.key.modelId(), e.key.sha(), "ready", e.bytes, e.lastUsed));
        }
        if (loading != null) {
            out.add(new ModelState(loading.modelId(), loading.sha(), "loading", loadingBytes, clock.instant()));
        }
        return out;
    }

    /** Ready model keys, least recently used first (the lease call's {@code warm}). */
    public synchronized List<ModelKey> loadedKeys() {
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public synchronized void close() {
        for (Entry<T> e : entries.values()) {
            closeQuietly(e);
        }
        entries.clear();
    }

    private void closeQuietly(Entry<T> e) {
        try {
            e.model.close();
        } catch (Exception ex) {
            LOG.log(System.Logger.Level.WARNING, "closing " + e.key + " failed: " + ex.getMessage());
        }
    }

    /** For tests: the keys in LRU order with their reference counts. */
    synchronized Map<ModelKey, Integer> refCounts() {
        Map<ModelKey, Integer> m = new LinkedHashMap<>();
        entries.forEach((k, e) -> m.put(k, e.refs));
        return m;
    }
}
