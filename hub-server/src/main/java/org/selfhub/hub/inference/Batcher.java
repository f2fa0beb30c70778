package org.selfhub.hub.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;

/**
 * Group commit: callers hand in items and wait; one thread runs them in batches, each batch being
 * what arrived while the previous one ran (so a lone caller waits for no one, and under load one
 * transaction serves many callers). The batch function returns one result per item, in order.
 */
final class Batcher<T, R> {

    private record Pending<T, R>(T item, CompletableFuture<R> result) {
    }

    private final String name;
    private final int maxBatch;
    private final Function<List<T>, List<R>> run;
    private final LinkedBlockingQueue<Pending<T, R>> pending = new LinkedBlockingQueue<>();
    private volatile Thread thread;

    Batcher(String name, int maxBatch, Function<List<T>, List<R>> run) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.run = run;
    }

    void start() {
        Thread t = new Thread(this::loop, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops the thread; items not yet run fail with 503, as the hub is going away. */
    void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
        }
        List<Pending<T, R>> left = new ArrayList<>();
        pending.drainTo(left);
        left.forEach(p -> p.result().completeExceptionally(shuttingDown()));
    }

    /** Runs the item in the next batch and returns its result; rethrows what the batch threw. */
    R submit(T item) {
        return submitAll(List.of(item)).get(0);
    }

    /** Runs the items, in the next batches, and returns their results in order. */
    List<R> submitAll(List<T> items) {
        List<CompletableFuture<R>> results = new ArrayList<>(items.size());
        for (T item : items) {
            CompletableFuture<R> result = new CompletableFuture<>();
            results.add(result);
            pending.add(new Pending<>(item, result));
        }
        if (thread == null) {
            stop();
        }
        try {
            return results.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void loop() {
        List<Pending<T, R>> batch = new ArrayList<>(maxBatch);
        while (thread == Thread.currentThread()) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                return;
            }
            pending.drainTo(batch, maxBatch - 1);
            try {
                List<R> results = run.apply(batch.stream().map(Pending::item).toList());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result().complete(results.get(i));
                }
            } catch (RuntimeException | Error e) {
                batch.forEach(p -> p.result().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    private static HubException shuttingDown() {
        return new HubException(HubErrorCode.SERVICE_UNAVAILABLE, "The hub is shutting down")
                .withHeader("Retry-After", "5");
    }
}
