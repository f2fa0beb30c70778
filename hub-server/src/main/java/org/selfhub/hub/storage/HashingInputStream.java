package org.selfhub.hub.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Counts and sha256-hashes the bytes read through it, so that a write can be verified while it
 * streams instead of by reading the object back. Mark/reset is not supported: a re-read would be
 * hashed twice. {@link #inBackground} hashes on another thread ({@link BackgroundSha256}); such a
 * stream must be {@linkplain #close closed}.
 */
final class HashingInputStream extends FilterInputStream {

    private final MessageDigest digest;
    private final BackgroundSha256 background;
    private long count;
    private IOException sourceFailure;
    private boolean reachedEnd;

    HashingInputStream(InputStream in) {
        super(in);
        this.digest = BackgroundSha256.newSha256();
        this.background = null;
    }

    private HashingInputStream(InputStream in, BackgroundSha256 background) {
        super(in);
        this.digest = null;
        this.background = background;
    }

    /** Hashes on another thread: for large writes, where it overlaps receiving and writing. */
    static HashingInputStream inBackground(InputStream in) {
        return new HashingInputStream(in, new BackgroundSha256());
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            sourceFailure = e;
            throw e;
        }
        if (b >= 0) {
            update(new byte[] {(byte) b}, 0, 1);
            count++;
        } else {
            reachedEnd = true;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            sourceFailure = e;
            throw e;
        }
        if (n > 0) {
            update(buffer, offset, n);
            count += n;
        } else if (n < 0) {
            reachedEnd = true;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must be hashed too, so read them.
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readLimit) {
        // not supported, see class comment
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void update(byte[] buffer, int offset, int length) throws IOException {
        if (background != null) {
            background.update(buffer, offset, length);
        } else {
            digest.update(buffer, offset, length);
        }
    }

    /**
     * The underlying stream is the caller's: closing this one leaves it open. It stops a background
     * hash that was not asked for (the write failed).
     */
    @Override
    public void close() {
        if (background != null) {
            background.abandon();
        }
    }

    /**
     * The failure of the source stream, if reading it failed: then the uploader went away, and the
     * store is not to blame.
     */
    IOException sourceFailure() {
        return sourceFailure;
    }

    /**
     * Whether the source ended before {@code declaredSize} bytes: then a failed upload failed because
     * the content was short, whatever error the storage client made of it.
     */
    boolean endedBefore(long declaredSize) {
        return declaredSize >= 0 && reachedEnd && count < declaredSize;
    }

    long count() {
        return count;
    }

    /** The sha256 of everything read so far; call once, at the end. */
    String sha256Hex() throws IOException {
        return HexFormat.of().formatHex(background != null ? background.digest() : digest.digest());
    }

    /**
     * Reads one more byte to tell whether the source has more than was consumed. The byte is hashed
     * and counted, which is fine: the write is rejected either way.
     */
    boolean hasMore() throws IOException {
        return read() >= 0;
    }

    /**
     * Checks what was read against the declared size and sha256; with a declared size, first reads
     * one more byte to catch a source longer than declared.
     *
     * @return the verified sha256
     */
    String verify(long expectedSize, String expectedSha256Hex) throws IOException {
        if (expectedSize >= 0 && count == expectedSize && hasMore()) {
            throw ObjectVerificationException.longerThan(expectedSize);
        }
        if (expectedSize >= 0 && count != expectedSize) {
            throw count > expectedSize
                    ? ObjectVerificationException.longerThan(expectedSize)
                    : ObjectVerificationException.sizeMismatch(expectedSize, count);
        }
        String actual = sha256Hex();
        if (expectedSha256Hex != null && !expectedSha256Hex.equals(actual)) {
            throw ObjectVerificationException.sha256Mismatch(expectedSha256Hex, actual);
        }
        return actual;
    }
}
