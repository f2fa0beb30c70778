package org.selfhub.hub.storage;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Large objects written past the page cache ({@code O_DIRECT}), as MinIO does for large objects. A
 * 1 GiB upload written through the page cache has to find 1 GiB of free pages: on a server whose
 * cache is full (any server after a while) the kernel reclaims them while the upload runs, and on
 * two cores that halved the verified LFS PUT (bench/file-api.sh). Written directly, the bytes go
 * from one of two aligned buffers to the disk while the other fills, so the disk write overlaps the
 * receive, and nothing of the upload is left dirty for the final fsync.
 *
 * <p>Not every filesystem takes {@code O_DIRECT} (tmpfs refuses it, some overlay filesystems too):
 * {@link #probe} tries it once per store, and a store where it fails writes through the page cache.
 */
final class DirectWrites {

    /** One disk write; a multiple of every block size {@link #probe} accepts. */
    static final int CHUNK_SIZE = 1024 * 1024;
    /** Buffer alignment: the largest logical block size accepted. */
    private static final int ALIGNMENT = 4096;
    /** Idle buffers kept for the next upload, so that direct memory is not left to the GC. */
    private static final int POOLED_BUFFERS = 8;

    private static final Logger log = LoggerFactory.getLogger(DirectWrites.class);
    private static final Queue<ByteBuffer> BUFFERS = new ConcurrentLinkedQueue<>();

    private DirectWrites() {
    }

    /** Whether files in {@code directory} can be written with {@code O_DIRECT} in {@link #CHUNK_SIZE} steps. */
    static boolean probe(Path directory) {
        Path probe = directory.resolve("direct-probe-" + UUID.randomUUID());
        try {
            long blockSize = Files.getFileStore(directory).getBlockSize();
            if (blockSize <= 0 || ALIGNMENT % blockSize != 0) {
                log.info("Object store at {}: block size {}, large objects go through the page cache", directory,
                        blockSize);
                return false;
            }
            ByteBuffer buffer = take();
            try (FileChannel channel = open(probe)) {
                buffer.limit(ALIGNMENT);
                channel.write(buffer, 0);
                channel.truncate(1);
            } finally {
                give(buffer);
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            log.info("Object store at {}: O_DIRECT unavailable ({}), large objects go through the page cache",
                    directory, e.toString());
            return false;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                log.warn("Could not delete {}", probe, e);
            }
        }
    }

    static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                ExtendedOpenOption.DIRECT);
    }

    /**
     * Copies exactly {@code size} bytes, or fewer when the source ends first, into {@code channel}
     * (opened by {@link #open}); the file ends up exactly as long as what was copied. Returns that
     * length. A failed disk write fails the copy.
     */
    static long copy(InputStream in, FileChannel channel, long size) throws IOException {
        ByteBuffer[] buffers = {take(), take()};
        byte[] bytes = new byte[256 * 1024];
        int current = 0;
        long written = 0;
        long remaining = size;
        Future<?> writing = null;
        try {
            ByteBuffer buffer = buffers[current];
            while (remaining > 0) {
                int n = in.read(bytes, 0, (int) Math.min(Math.min(bytes.length, buffer.remaining()), remaining));
                if (n < 0) {
                    break;
                }
                buffer.put(bytes, 0, n);
                remaining -= n;
                if (!buffer.hasRemaining()) {
                    StoreThreads.await(writing); // the other buffer is free again once its write is done
                    ByteBuffer full = buffer.flip();
                    long position = written;
                    writing = StoreThreads.POOL.submit(() -> {
                        writeFully(channel, full, position);
                        return null;
                    });
                    written += CHUNK_SIZE;
                    current ^= 1;
                    buffer = buffers[current].clear();
                }
            }
            StoreThreads.await(writing);
            writing = null;
            int tail = buffer.position();
            if (tail > 0) {
                // The last write is padded to a whole block, then the file is cut back to its length.
                int padded = (tail + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
                while (buffer.position() < padded) {
                    buffer.put((byte) 0);
                }
                writeFully(channel, buffer.flip(), written);
                channel.truncate(written + tail);
                written += tail;
            }
            return written;
        } finally {
            if (writing != null) {
                // Failing before the write in flight ended: it must not touch a buffer given back below.
                try {
                    StoreThreads.await(writing);
                } catch (IOException ignored) {
                    // the copy is failing already
                }
            }
            give(buffers[0]);
            give(buffers[1]);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    private static ByteBuffer take() {
        ByteBuffer buffer = BUFFERS.poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(CHUNK_SIZE + ALIGNMENT).alignedSlice(ALIGNMENT)
                    .limit(CHUNK_SIZE).slice();
        }
        return buffer.clear();
    }

    private static void give(ByteBuffer buffer) {
        if (BUFFERS.size() < POOLED_BUFFERS) {
            BUFFERS.offer(buffer);
        }
    }
}
