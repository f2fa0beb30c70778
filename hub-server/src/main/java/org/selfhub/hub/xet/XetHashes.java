package org.selfhub.hub.xet;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The Xet hash functions (xet.md §3.1 and §3.5): keyed BLAKE3 with 32-byte output for chunks,
 * Merkle aggregates for xorbs and files, and term verification hashes; plus the hex form, which
 * prints each 8-byte group as a little-endian u64.
 */
final class XetHashes {

    static final int HASH_LENGTH = 32;

    static final byte[] DATA_KEY = bytes(102, 151, 245, 119, 91, 149, 80, 222, 49, 53, 203, 172, 165, 151, 24, 28,
            157, 228, 33, 16, 155, 235, 43, 88, 180, 208, 176, 75, 147, 173, 242, 41);
    static final byte[] INTERNAL_NODE_KEY = bytes(1, 126, 197, 199, 165, 71, 41, 150, 253, 148, 102, 102, 180, 138,
            2, 230, 93, 221, 83, 111, 55, 199, 109, 210, 248, 99, 82, 230, 74, 83, 113, 63);
    static final byte[] VERIFICATION_KEY = bytes(127, 24, 87, 214, 206, 86, 237, 102, 18, 127, 249, 19, 231, 165,
            195, 243, 164, 205, 38, 213, 181, 219, 73, 230, 65, 36, 152, 127, 40, 251, 148, 195);
    static final byte[] ZERO_KEY = new byte[HASH_LENGTH];

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    /** A leaf of a Merkle aggregate: a hash and the byte length it covers. */
    record Node(byte[] hash, long length) {
    }

    private XetHashes() {
    }

    static boolean isHex(String hex) {
        return hex != null && HEX.matcher(hex).matches();
    }

    /** The canonical hex: each 8-byte group read as a little-endian u64, printed as 16 digits. */
    static String hex(byte[] hash) {
        return hex(hash, 0);
    }

    static String hex(byte[] buffer, int offset) {
        char[] out = new char[64];
        int o = 0;
        for (int group = 0; group < 4; group++) {
            for (int i = 7; i >= 0; i--) {
                int b = buffer[offset + group * 8 + i] & 0xff;
                out[o++] = DIGITS[b >>> 4];
                out[o++] = DIGITS[b & 0xf];
            }
        }
        return new String(out);
    }

    /** The raw 32 bytes of a canonical hex hash; the inverse of {@link #hex(byte[])}. */
    static byte[] fromHex(String hex) {
        if (!isHex(hex)) {
            throw new IllegalArgumentException("Not a Xet hash: " + hex);
        }
        byte[] out = new byte[HASH_LENGTH];
        for (int group = 0; group < 4; group++) {
            for (int i = 0; i < 8; i++) {
                int pos = group * 16 + (7 - i) * 2;
                out[group * 8 + i] = (byte) Integer.parseInt(hex.substring(pos, pos + 2), 16);
            }
        }
        return out;
    }

    static byte[] keyed(byte[] key, byte[] data, int offset, int length) {
        return KeyedBlake3.hash(key, data, offset, length);
    }

    static byte[] chunkHash(byte[] data, int offset, int length) {
        return keyed(DATA_KEY, data, offset, length);
    }

    /** The Merkle aggregate of xet.md §3.5; the xorb hash of the xorb's chunks. All zeros when empty. */
    static byte[] aggregate(List<Node> leaves) {
        if (leaves.isEmpty()) {
            return new byte[HASH_LENGTH];
        }
        List<Node> level = leaves;
        while (level.size() > 1) {
            List<Node> next = new java.util.ArrayList<>((level.size() + 3) / 4);
            int p = 0;
            while (p < level.size()) {
                int take = groupSize(level, p);
                StringBuilder text = new StringBuilder(take * 80);
                long total = 0;
                for (int i = p; i < p + take; i++) {
                    Node n = level.get(i);
                    text.append(hex(n.hash())).append(" : ").append(n.length()).append('\n');
                    total += n.length();
                }
                byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                next.add(new Node(keyed(INTERNAL_NODE_KEY, bytes, 0, bytes.length), total));
                p += take;
            }
            level = next;
        }
        return level.get(0).hash();
    }

    /** The file hash: the aggregate of all the file's chunks, keyed with 32 zero bytes; zeros when empty. */
    static byte[] fileHash(List<Node> chunks) {
        if (chunks.isEmpty()) {
            return new byte[HASH_LENGTH];
        }
        byte[] root = aggregate(chunks);
        return keyed(ZERO_KEY, root, 0, root.length);
    }

    /** The verification hash of a term: keyed over the raw chunk hashes of its range, concatenated. */
    static byte[] verificationHash(byte[] concatenatedChunkHashes, int offset, int length) {
        return keyed(VERIFICATION_KEY, concatenatedChunkHashes, offset, length);
    }

    /** Where the next group ends, from position p (xet.md §3.5: cut after a hash that is 0 mod 4, 2..9 wide). */
    private static int groupSize(List<Node> level, int p) {
        int n = level.size() - p;
        if (n <= 2) {
            return n;
        }
        int limit = Math.min(9, n);
        for (int i = 2; i < limit; i++) {
            if ((level.get(p + i).hash()[24] & 3) == 0) {
                return i + 1;
            }
        }
        return limit;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
