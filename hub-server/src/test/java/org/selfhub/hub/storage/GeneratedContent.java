package org.selfhub.hub.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic pseudo-random test bytes of any size, generated on the fly so that a 50 MB object
 * never exists as an array. Byte {@code p} depends only on the seed and {@code p}, so any slice can
 * be regenerated independently.
 */
final class GeneratedContent {

    private final long size;
    private final long seed;
    private String sha256Hex;

    private GeneratedContent(long size, long seed) {
        this.size = size;
        this.seed = seed;
    }

    static GeneratedContent of(long size, long seed) {
        return new GeneratedContent(size, seed);
    }

    long size() {
        return size;
    }

    InputStream stream() {
        return stream(0, size);
    }

    /** The bytes {@code [offset, offset + length)}. */
    InputStream stream(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IllegalArgumentException("slice outside the content");
        }
        return new InputStream() {
            private long position = offset;
            private final long end = offset + length;

            @Override
            public int read() {
                return position < end ? byteAt(position++) : -1;
            }

            @Override
            public int read(byte[] buffer, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (position >= end) {
                    return -1;
                }
                int n = (int) Math.min(len, end - position);
                for (int i = 0; i < n; i++) {
                    buffer[off + i] = (byte) byteAt(position++);
                }
                return n;
            }
        };
    }

    /** A small slice as an array, for exact comparisons. */
    byte[] bytes(long offset, int length) {
        try (InputStream in = stream(offset, length)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] bytes() {
        if (size > 1 << 20) {
            throw new IllegalStateException("only small contents are materialised");
        }
        return bytes(0, (int) size);
    }

    String sha256Hex() {
        if (sha256Hex == null) {
            sha256Hex = sha256Hex(stream());
        }
        return sha256Hex;
    }

    /** Streams {@code in} to its end through SHA-256 and closes it. */
    static String sha256Hex(InputStream in) {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private int byteAt(long position) {
        return (int) (mix(seed * 0x9E3779B97F4A7C15L + (position >>> 3)) >>> ((position & 7) * 8)) & 0xff;
    }

    /** SplitMix64's finaliser: a good spread from consecutive inputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
