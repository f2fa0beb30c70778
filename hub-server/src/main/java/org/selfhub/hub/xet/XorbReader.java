package org.selfhub.hub.xet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a xorb as clients upload it (xet.md §2.1 and §3.2), one chunk at a time: each chunk is
 * decoded and hashed, and its serialized bytes are copied to {@code sink}, so memory stays at one
 * chunk whatever the xorb's size. A trailing footer (older clients) is recognised by its
 * {@code XETBLOB} ident and neither copied nor trusted: chunk metadata comes from the chunks.
 */
final class XorbReader {

    /** The raw chunk data of one xorb: hf_xet cuts at this many bytes of chunk data (xet-core MAX_XORB_BYTES). */
    static final int MAX_XORB_BYTES = 64 * 1024 * 1024;
    static final int MAX_CHUNKS = 8192;
    static final int MAX_RAW_CHUNK = 128 * 1024;
    static final int MAX_COMPRESSED_CHUNK = 256 * 1024;
    static final int HEADER_LENGTH = 8;
    /**
     * The serialized xorb: 64 MiB of stored (incompressible) chunks plus their headers is over 64 MiB
     * (hf_xet sends exactly that for a 64 MiB random file), and 1/128 more for LZ4 frames that grew.
     */
    static final int MAX_SERIALIZED_XORB_BYTES = MAX_XORB_BYTES + MAX_CHUNKS * HEADER_LENGTH + MAX_XORB_BYTES / 128;

    private static final byte[] FOOTER_IDENT = "XETBLOB".getBytes(StandardCharsets.US_ASCII);

    private XorbReader() {
    }

    /**
     * Parses, decodes and hashes every chunk of {@code in}, copying the chunks (without any footer)
     * to {@code sink}.
     *
     * @throws MalformedXetDataException when the bytes are not a valid xorb
     */
    static XorbLayout read(InputStream in, OutputStream sink) throws IOException {
        byte[] header = new byte[HEADER_LENGTH];
        byte[] data = new byte[MAX_COMPRESSED_CHUNK];
        List<XetHashes.Node> chunks = new ArrayList<>();
        int[] compressedEnds = new int[64];
        int[] unpackedEnds = new int[64];
        byte[] hashes = new byte[64 * XetHashes.HASH_LENGTH];
        long compressedTotal = 0;
        long unpackedTotal = 0;
        while (true) {
            int n = in.readNBytes(header, 0, HEADER_LENGTH);
            if (n == 0) {
                break;
            }
            if (n >= FOOTER_IDENT.length && Arrays.equals(header, 0, FOOTER_IDENT.length, FOOTER_IDENT, 0,
                    FOOTER_IDENT.length)) {
                break;
            }
            if (n < HEADER_LENGTH) {
                throw new MalformedXetDataException("The xorb ends inside a chunk header");
            }
            if (header[0] != 0) {
                throw new MalformedXetDataException("Unsupported chunk header version " + (header[0] & 0xff));
            }
            int compressedLength = u24(header, 1);
            int scheme = header[4] & 0xff;
            int rawLength = u24(header, 5);
            if (rawLength > MAX_RAW_CHUNK || compressedLength > MAX_COMPRESSED_CHUNK) {
                throw new MalformedXetDataException("A chunk is larger than the protocol allows");
            }
            if (chunks.size() == MAX_CHUNKS) {
                throw new MalformedXetDataException("A xorb holds at most " + MAX_CHUNKS + " chunks");
            }
            compressedTotal += HEADER_LENGTH + compressedLength;
            if (unpackedTotal + rawLength > MAX_XORB_BYTES || compressedTotal > MAX_SERIALIZED_XORB_BYTES) {
                throw new MalformedXetDataException("A xorb holds at most 64 MiB of chunk data");
            }
            if (in.readNBytes(data, 0, compressedLength) != compressedLength) {
                throw new MalformedXetDataException("The xorb ends inside a chunk");
            }
            byte[] raw = ChunkCodec.decode(scheme, data, 0, compressedLength, rawLength);
            byte[] hash = XetHashes.chunkHash(raw, 0, raw.length);
            int index = chunks.size();
            if (index == compressedEnds.length) {
                compressedEnds = Arrays.copyOf(compressedEnds, index * 2);
                unpackedEnds = Arrays.copyOf(unpackedEnds, index * 2);
                hashes = Arrays.copyOf(hashes, index * 2 * XetHashes.HASH_LENGTH);
            }
            unpackedTotal += rawLength;
            compressedEnds[index] = (int) compressedTotal;
            unpackedEnds[index] = (int) unpackedTotal;
            System.arraycopy(hash, 0, hashes, index * XetHashes.HASH_LENGTH, XetHashes.HASH_LENGTH);
            chunks.add(new XetHashes.Node(hash, rawLength));
            sink.write(header);
            sink.write(data, 0, compressedLength);
        }
        if (chunks.isEmpty()) {
            throw new MalformedXetDataException("A xorb holds at least one chunk");
        }
        int count = chunks.size();
        return new XorbLayout(XetHashes.hex(XetHashes.aggregate(chunks)), count,
                Arrays.copyOf(hashes, count * XetHashes.HASH_LENGTH), Arrays.copyOf(compressedEnds, count),
                Arrays.copyOf(unpackedEnds, count));
    }

    /** Decodes the chunks of a stored byte range, in order, handing each chunk's raw bytes to {@code out}. */
    static void decodeChunks(InputStream in, int chunkCount, ChunkSink out) throws IOException {
        byte[] header = new byte[HEADER_LENGTH];
        byte[] data = new byte[MAX_COMPRESSED_CHUNK];
        for (int i = 0; i < chunkCount; i++) {
            if (in.readNBytes(header, 0, HEADER_LENGTH) != HEADER_LENGTH) {
                throw new IOException("Stored xorb bytes end inside a chunk header");
            }
            int compressedLength = u24(header, 1);
            if (in.readNBytes(data, 0, compressedLength) != compressedLength) {
                throw new IOException("Stored xorb bytes end inside a chunk");
            }
            out.accept(ChunkCodec.decode(header[4] & 0xff, data, 0, compressedLength, u24(header, 5)));
        }
    }

    /** Receives decoded chunks. */
    interface ChunkSink {
        void accept(byte[] raw) throws IOException;
    }

    private static int u24(byte[] b, int offset) {
        return (b[offset] & 0xff) | (b[offset + 1] & 0xff) << 8 | (b[offset + 2] & 0xff) << 16;
    }
}
