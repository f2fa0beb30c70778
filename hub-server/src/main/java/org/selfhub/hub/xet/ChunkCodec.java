package org.selfhub.hub.xet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

/**
 * Decodes the data of one xorb chunk (xet.md §3.2). Scheme 0 is raw bytes, 1 an LZ4 frame, 2 an LZ4
 * frame of byte-grouped data (BG4). commons-compress reads both hf_xet's block-independent frames and
 * the JS client's dependent-block frames, which lz4-java's frame stream rejects.
 */
final class ChunkCodec {

    static final int SCHEME_NONE = 0;
    static final int SCHEME_LZ4 = 1;
    static final int SCHEME_BG4_LZ4 = 2;

    private ChunkCodec() {
    }

    /** The chunk's raw bytes; throws {@link MalformedXetDataException} when they do not decode to exactly {@code rawLength}. */
    static byte[] decode(int scheme, byte[] data, int offset, int length, int rawLength) {
        switch (scheme) {
            case SCHEME_NONE:
                if (length != rawLength) {
                    throw new MalformedXetDataException("An uncompressed chunk's sizes differ: " + length + " and "
                            + rawLength);
                }
                byte[] raw = new byte[length];
                System.arraycopy(data, offset, raw, 0, length);
                return raw;
            case SCHEME_LZ4:
                return lz4Frame(data, offset, length, rawLength);
            case SCHEME_BG4_LZ4:
                return ungroup(lz4Frame(data, offset, length, rawLength));
            default:
                throw new MalformedXetDataException("Unknown chunk compression scheme " + scheme);
        }
    }

    /** Undoes the BG4 byte grouping: groups of bytes 0,4,8…; 1,5,9…; 2,…; 3,… back into order. */
    static byte[] ungroup(byte[] grouped) {
        int n = grouped.length;
        int[] start = new int[4];
        int position = 0;
        for (int g = 0; g < 4; g++) {
            start[g] = position;
            position += n / 4 + (n % 4 > g ? 1 : 0);
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = grouped[start[i & 3] + (i >>> 2)];
        }
        return out;
    }

    /** The BG4 grouping itself, for tests and fixtures. */
    static byte[] group(byte[] raw) {
        int n = raw.length;
        byte[] out = new byte[n];
        int o = 0;
        for (int g = 0; g < 4; g++) {
            for (int i = g; i < n; i += 4) {
                out[o++] = raw[i];
            }
        }
        return out;
    }

    private static byte[] lz4Frame(byte[] data, int offset, int length, int rawLength) {
        byte[] out = new byte[rawLength];
        try (InputStream in = new FramedLZ4CompressorInputStream(new ByteArrayInputStream(data, offset, length))) {
            int filled = in.readNBytes(out, 0, rawLength);
            if (filled != rawLength || in.read() != -1) {
                throw new MalformedXetDataException("An LZ4 chunk does not decode to its declared " + rawLength
                        + " bytes");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof MalformedXetDataException m) {
                throw m;
            }
            throw new MalformedXetDataException("An LZ4 chunk does not decode: " + e.getMessage());
        }
        return out;
    }
}
