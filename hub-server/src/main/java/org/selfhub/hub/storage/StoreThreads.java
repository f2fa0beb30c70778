package org.selfhub.hub.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The daemon threads a large write of the filesystem store uses beside the request thread: its
 * background SHA-256 ({@link BackgroundSha256}), its direct disk writes ({@link DirectWrites}) or
 * its flush-behind. Idle threads end after a minute.
 */
final class StoreThreads {

    static final String NAME = "object-store-io";

    static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, NAME);
        t.setDaemon(true);
        return t;
    });

    private StoreThreads() {
    }

    /** Waits for a background write or flush (nothing when null); its failure is rethrown. */
    static void await(Future<?> task) throws IOException {
        if (task == null) {
            return;
        }
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while writing");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }
}
