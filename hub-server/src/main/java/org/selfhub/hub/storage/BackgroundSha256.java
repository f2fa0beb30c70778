package org.selfhub.hub.storage;

import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A SHA-256 computed on another thread while the caller goes on receiving and writing: a large
 * upload then costs the longer of the two, not their sum (hashing alone runs at about the speed a
 * 2-core machine receives and writes). Bytes are copied into a few fixed chunks that the hashing
 * thread hands back, so at most {@value #CHUNKS} chunks of {@value #CHUNK_SIZE} bytes are held.
 * {@link #digest()} or {@link #abandon()} must be called once: either ends the hashing thread.
 */
final class BackgroundSha256 {

    static final int CHUNK_SIZE = 1024 * 1024;
    static final int CHUNKS = 4;

    /** Tells the hashing thread that nothing more comes. */
    private static final Chunk END = new Chunk(new byte[0], 0);

    private record Chunk(byte[] bytes, int length) {
    }

    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Future<byte[]> result;
    private byte[] current;
    private int filled;
    private boolean ended;

    BackgroundSha256() {
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new byte[CHUNK_SIZE]);
        }
        result = StoreThreads.POOL.submit(this::hash);
    }

    /** Queues these bytes for hashing (copied: the caller may reuse its buffer at once). */
    void update(byte[] bytes, int offset, int length) throws InterruptedIOException {
        while (length > 0) {
            if (current == null) {
                current = take(free);
                filled = 0;
            }
            int n = Math.min(length, CHUNK_SIZE - filled);
            System.arraycopy(bytes, offset, current, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == CHUNK_SIZE) {
                put(new Chunk(current, filled));
                current = null;
            }
        }
    }

    /** The digest of everything queued, once the hashing thread has caught up. */
    byte[] digest() throws InterruptedIOException {
        end();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while hashing");
        } catch (ExecutionException e) {
            throw new IllegalStateException("Hashing failed", e.getCause());
        }
    }

    /** Stops hashing without a result (the write failed). */
    void abandon() {
        if (!ended) {
            ended = true;
            result.cancel(true);
        }
    }

    private void end() throws InterruptedIOException {
        if (ended) {
            return;
        }
        if (current != null && filled > 0) {
            put(new Chunk(current, filled));
            current = null;
        }
        put(END);
        ended = true;
    }

    private byte[] hash() throws InterruptedException {
        MessageDigest digest = newSha256();
        while (true) {
            Chunk chunk = full.take();
            if (chunk == END) {
                return digest.digest();
            }
            digest.update(chunk.bytes(), 0, chunk.length());
            free.put(chunk.bytes());
        }
    }

    private void put(Chunk chunk) throws InterruptedIOException {
        try {
            full.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while hashing");
        }
    }

    private static byte[] take(BlockingQueue<byte[]> queue) throws InterruptedIOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while hashing");
        }
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }
}
