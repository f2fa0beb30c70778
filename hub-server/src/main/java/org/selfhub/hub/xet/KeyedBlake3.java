package org.selfhub.hub.xet;

/**
 * Keyed BLAKE3 with a 32-byte output over a whole buffer, the one form Xet uses (xet.md §3.5).
 * Single-threaded and portable like commons-codec's {@code Blake3}, which it replaces on the upload
 * path: the compression function keeps its state in locals instead of arrays and nothing is allocated
 * per block, which makes it several times faster (validating xorbs is the CPU cost of a Xet upload).
 * {@code KeyedBlake3Tests} checks it against commons-codec.
 */
final class KeyedBlake3 {

    private static final int[] IV = {0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C,
            0x1F83D9AB, 0x5BE0CD19};
    private static final int CHUNK_START = 1;
    private static final int CHUNK_END = 2;
    private static final int PARENT = 4;
    private static final int ROOT = 8;
    private static final int KEYED_HASH = 16;
    private static final int CHUNK_LEN = 1024;
    private static final int BLOCK_LEN = 64;
    private static final int[] PERMUTATION = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};
    /** SCHEDULE[r * 16 + i]: the message word G reads at position i of round r. */
    private static final int[] SCHEDULE = new int[7 * 16];

    static {
        for (int i = 0; i < 16; i++) {
            SCHEDULE[i] = i;
        }
        for (int r = 1; r < 7; r++) {
            for (int i = 0; i < 16; i++) {
                SCHEDULE[r * 16 + i] = SCHEDULE[(r - 1) * 16 + PERMUTATION[i]];
            }
        }
    }

    private KeyedBlake3() {
    }

    /** keyed_hash(key, data[offset, offset + length)) with a 32-byte output. */
    static byte[] hash(byte[] key, byte[] data, int offset, int length) {
        if (key.length != 32) {
            throw new IllegalArgumentException("A BLAKE3 key has 32 bytes");
        }
        int[] k = new int[8];
        for (int i = 0; i < 8; i++) {
            k[i] = le(key, i * 4);
        }
        int[] m = new int[16];
        int[] cv = new int[8];
        int[] stack = new int[64 * 8];
        int depth = 0;
        long chunk = 0;
        int pos = offset;
        int end = offset + length;
        // Every chunk but the last: its chaining value, merged into the stack as the tree fills.
        while (end - pos > CHUNK_LEN) {
            System.arraycopy(k, 0, cv, 0, 8);
            for (int b = 0; b < CHUNK_LEN / BLOCK_LEN; b++) {
                load(data, pos + b * BLOCK_LEN, BLOCK_LEN, m);
                int flags = KEYED_HASH | (b == 0 ? CHUNK_START : 0) | (b == CHUNK_LEN / BLOCK_LEN - 1 ? CHUNK_END : 0);
                compress(cv, m, chunk, BLOCK_LEN, flags, cv);
            }
            chunk++;
            for (long total = chunk; (total & 1) == 0; total >>>= 1) {
                depth--;
                parent(stack, depth * 8, cv, k, KEYED_HASH | PARENT, m, cv);
            }
            System.arraycopy(cv, 0, stack, depth * 8, 8);
            depth++;
            pos += CHUNK_LEN;
        }
        // The last chunk (possibly empty): its final block is the root when it is the only chunk.
        int remaining = end - pos;
        int blocks = Math.max(1, (remaining + BLOCK_LEN - 1) / BLOCK_LEN);
        System.arraycopy(k, 0, cv, 0, 8);
        for (int b = 0; b < blocks; b++) {
            int blockLen = Math.min(BLOCK_LEN, remaining - b * BLOCK_LEN);
            load(data, pos + b * BLOCK_LEN, blockLen, m);
            int flags = KEYED_HASH | (b == 0 ? CHUNK_START : 0);
            if (b == blocks - 1) {
                flags |= CHUNK_END | (depth == 0 ? ROOT : 0);
            }
            compress(cv, m, chunk, blockLen, flags, cv);
        }
        while (depth > 0) {
            depth--;
            parent(stack, depth * 8, cv, k, KEYED_HASH | PARENT | (depth == 0 ? ROOT : 0), m, cv);
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            out[i * 4] = (byte) cv[i];
            out[i * 4 + 1] = (byte) (cv[i] >>> 8);
            out[i * 4 + 2] = (byte) (cv[i] >>> 16);
            out[i * 4 + 3] = (byte) (cv[i] >>> 24);
        }
        return out;
    }

    private static void parent(int[] stack, int left, int[] right, int[] key, int flags, int[] m, int[] out) {
        System.arraycopy(stack, left, m, 0, 8);
        System.arraycopy(right, 0, m, 8, 8);
        compress(key, m, 0, BLOCK_LEN, flags, out);
    }

    private static void load(byte[] data, int at, int length, int[] m) {
        if (length == BLOCK_LEN) {
            for (int i = 0; i < 16; i++) {
                m[i] = le(data, at + i * 4);
            }
            return;
        }
        byte[] block = new byte[BLOCK_LEN];
        System.arraycopy(data, at, block, 0, length);
        for (int i = 0; i < 16; i++) {
            m[i] = le(block, i * 4);
        }
    }

    /**
     * A little-endian int. Plain byte arithmetic on purpose: reading blocks through a
     * {@code byteArrayViewVarHandle} gave wrong hashes once C2 compiled the loop (JDK 17.0.15;
     * correct with {@code -Xint} and C1), so no VarHandle here.
     */
    private static int le(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | b[p + 3] << 24;
    }

    /** The compression function; writes the 8-word chaining value to {@code out} (may be {@code cv}). */
    private static void compress(int[] cv, int[] m, long counter, int blockLen, int flags, int[] out) {
        int v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3], v4 = cv[4], v5 = cv[5], v6 = cv[6], v7 = cv[7];
        int v8 = IV[0], v9 = IV[1], v10 = IV[2], v11 = IV[3];
        int v12 = (int) counter, v13 = (int) (counter >>> 32), v14 = blockLen, v15 = flags;
        for (int r = 0; r < 7 * 16; r += 16) {
            // Columns.
            v0 += v4 + m[SCHEDULE[r]]; v12 = Integer.rotateRight(v12 ^ v0, 16); v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
            v0 += v4 + m[SCHEDULE[r + 1]]; v12 = Integer.rotateRight(v12 ^ v0, 8); v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
            v1 += v5 + m[SCHEDULE[r + 2]]; v13 = Integer.rotateRight(v13 ^ v1, 16); v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
            v1 += v5 + m[SCHEDULE[r + 3]]; v13 = Integer.rotateRight(v13 ^ v1, 8); v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
            v2 += v6 + m[SCHEDULE[r + 4]]; v14 = Integer.rotateRight(v14 ^ v2, 16); v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
            v2 += v6 + m[SCHEDULE[r + 5]]; v14 = Integer.rotateRight(v14 ^ v2, 8); v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
            v3 += v7 + m[SCHEDULE[r + 6]]; v15 = Integer.rotateRight(v15 ^ v3, 16); v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
            v3 += v7 + m[SCHEDULE[r + 7]]; v15 = Integer.rotateRight(v15 ^ v3, 8); v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
            // Diagonals.
            v0 += v5 + m[SCHEDULE[r + 8]]; v15 = Integer.rotateRight(v15 ^ v0, 16); v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
            v0 += v5 + m[SCHEDULE[r + 9]]; v15 = Integer.rotateRight(v15 ^ v0, 8); v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
            v1 += v6 + m[SCHEDULE[r + 10]]; v12 = Integer.rotateRight(v12 ^ v1, 16); v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
            v1 += v6 + m[SCHEDULE[r + 11]]; v12 = Integer.rotateRight(v12 ^ v1, 8); v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
            v2 += v7 + m[SCHEDULE[r + 12]]; v13 = Integer.rotateRight(v13 ^ v2, 16); v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
            v2 += v7 + m[SCHEDULE[r + 13]]; v13 = Integer.rotateRight(v13 ^ v2, 8); v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
            v3 += v4 + m[SCHEDULE[r + 14]]; v14 = Integer.rotateRight(v14 ^ v3, 16); v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
            v3 += v4 + m[SCHEDULE[r + 15]]; v14 = Integer.rotateRight(v14 ^ v3, 8); v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
        }
        out[0] = v0 ^ v8;
        out[1] = v1 ^ v9;
        out[2] = v2 ^ v10;
        out[3] = v3 ^ v11;
        out[4] = v4 ^ v12;
        out[5] = v5 ^ v13;
        out[6] = v6 ^ v14;
        out[7] = v7 ^ v15;
    }
}
