package org.selfhub.hub.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;

/**
 * Group commit: callers hand in items and wait for their results; one caller at a time runs a
 * batch (the leader), made of everything that arrived while the previous batch ran, so a lone
 * caller runs its own item at once on its own thread, and under load one transaction serves many
 * callers. The batch function returns one result per item, in order.
 */
final class Batcher<T, R> {

    private record Pending<T, R>(T item, CompletableFuture<R> result) {
    }

    private final int maxBatch;
    private final Function<List<T>, List<R>> run;
    private final ConcurrentLinkedQueue<Pending<T, R>> pending = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();
    private volatile boolean running;

    Batcher(int maxBatch, Function<List<T>, List<R>> run) {
        this.maxBatch = maxBatch;
        this.run = run;
    }

    void start() {
        running = true;
    }

    /** Refuses new items; items not yet run fail with 503, as the hub is going away. */
    void stop() {
        running = false;
        for (Pending<T, R> p; (p = pending.poll()) != null; ) {
            p.result().completeExceptionally(shuttingDown());
        }
    }

    /** Runs the item in a batch and returns its result; rethrows what the batch threw. */
    R submit(T item) {
        return submitAll(List.of(item)).get(0);
    }

    /** Runs the items, in one or more batches, and returns their results in order. */
    List<R> submitAll(List<T> items) {
        if (!running) {
            throw shuttingDown();
        }
        List<CompletableFuture<R>> results = new ArrayList<>(items.size());
        for (T item : items) {
            CompletableFuture<R> result = new CompletableFuture<>();
            results.add(result);
            pending.add(new Pending<>(item, result));
        }
        // Added before trying to lead: either this thread leads and runs them, or the leader that
        // holds the lock now finds them, before or right after it lets go.
        lead();
        try {
            return results.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void lead() {
        do {
            if (!leader.tryLock()) {
                return;
            }
            try {
                List<Pending<T, R>> batch = new ArrayList<>();
                while (true) {
                    batch.clear();
                    for (Pending<T, R> p; batch.size() < maxBatch && (p = pending.poll()) != null; ) {
                        batch.add(p);
                    }
                    if (batch.isEmpty()) {
                        break;
                    }
                    runBatch(batch);
                }
            } finally {
                leader.unlock();
            }
        } while (!pending.isEmpty());
    }

    private void runBatch(List<Pending<T, R>> batch) {
        try {
            List<R> results = run.apply(batch.stream().map(Pending::item).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    private static HubException shuttingDown() {
        return new HubException(HubErrorCode.SERVICE_UNAVAILABLE, "The hub is shutting down")
                .withHeader("Retry-After", "5");
    }
}
