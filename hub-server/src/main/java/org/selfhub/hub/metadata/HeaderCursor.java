package org.selfhub.hub.metadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the start of a large file sequentially through {@link RepoFiles#readRange} in bounded chunks,
 * so parsing a header holds at most one chunk plus the values it keeps, and refuses to go past a
 * header budget or the end of the file.
 */
final class HeaderCursor {

    private final RepoFiles files;
    private final RepoFile file;
    private final int chunkSize;
    private final long budget;
    private ByteBuffer chunk = ByteBuffer.allocate(0);
    /** Offset in the file of {@code chunk}'s first byte. */
    private long chunkStart;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    HeaderCursor(RepoFiles files, RepoFile file, int chunkSize, long budget) {
        this.files = files;
        this.file = file;
        this.chunkSize = chunkSize;
        this.budget = budget;
    }

    void order(ByteOrder order) {
        this.order = order;
        chunk.order(order);
    }

    /** The offset of the next byte to read. */
    long position() {
        return chunkStart + chunk.position();
    }

    int u8() throws IOException, MalformedFileException {
        return ensure(1).get() & 0xFF;
    }

    int u16() throws IOException, MalformedFileException {
        return ensure(2).getShort() & 0xFFFF;
    }

    int i32() throws IOException, MalformedFileException {
        return ensure(4).getInt();
    }

    long u32() throws IOException, MalformedFileException {
        return ensure(4).getInt() & 0xFFFF_FFFFL;
    }

    long i64() throws IOException, MalformedFileException {
        return ensure(8).getLong();
    }

    float f32() throws IOException, MalformedFileException {
        return ensure(4).getFloat();
    }

    double f64() throws IOException, MalformedFileException {
        return ensure(8).getDouble();
    }

    /** Reads {@code n} bytes; {@code n} must be small enough to hold in memory (callers bound it). */
    byte[] bytes(int n) throws IOException, MalformedFileException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            int step = Math.min(n - done, chunkSize);
            ensure(step).get(out, done, step);
            done += step;
        }
        return out;
    }

    void skip(long n) throws IOException, MalformedFileException {
        long target = position() + n;
        checkBounds(target);
        if (target <= chunkStart + chunk.limit()) {
            chunk.position((int) (target - chunkStart));
        } else {
            chunkStart = target;
            chunk = ByteBuffer.allocate(0).order(order);
        }
    }

    /** Makes {@code n} (at most {@code chunkSize}) bytes available at the buffer's position. */
    private ByteBuffer ensure(int n) throws IOException, MalformedFileException {
        if (chunk.remaining() >= n) {
            return chunk;
        }
        long start = position();
        checkBounds(start + n);
        int length = (int) Math.min(Math.max(n, chunkSize), Math.min(file.size(), budget) - start);
        byte[] read = files.readRange(file.path(), start, length);
        if (read.length < n) {
            throw new MalformedFileException("the header is truncated at offset " + start);
        }
        chunkStart = start;
        chunk = ByteBuffer.wrap(read).order(order);
        return chunk;
    }

    private void checkBounds(long end) throws MalformedFileException {
        if (end > file.size()) {
            throw new MalformedFileException("the header runs past the end of the file");
        }
        if (end > budget) {
            throw new MalformedFileException("the header is larger than " + budget + " bytes");
        }
    }
}
