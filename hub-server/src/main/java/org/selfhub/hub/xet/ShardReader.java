package org.selfhub.hub.xet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses an uploaded shard (xet.md §3.3): the 48-byte header, the file-info section and the
 * xorb-info section, each ended by a bookend record. Bytes after the xorb-info section (the JS
 * client's 200-byte footer) are ignored.
 */
final class ShardReader {

    static final int MAX_SHARD_BYTES = 64 * 1024 * 1024;
    static final int RECORD = 48;

    private static final byte[] TAG = tag();
    private static final int FLAG_VERIFICATION = 1 << 31;
    private static final int FLAG_METADATA = 1 << 30;

    /** One term of a file: raw bytes [chunkStart, chunkEnd) of a xorb, and its declared raw size. */
    record Term(String xorbHash, long unpackedBytes, int chunkStart, int chunkEnd, byte[] verificationHash) {
    }

    /** One file of a shard: its hash, terms, and sha256 hex when the metadata extension carried one. */
    record FileInfo(String fileHash, List<Term> terms, String sha256) {
    }

    /** One xorb of the xorb-info section, listed only; the hub trusts its own chunk metadata. */
    record XorbInfo(String xorbHash, int chunkCount) {
    }

    record Shard(List<FileInfo> files, List<XorbInfo> xorbs) {
    }

    private ShardReader() {
    }

    static Shard read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < RECORD || !Arrays.equals(bytes, 0, TAG.length, TAG, 0, TAG.length)) {
            throw new MalformedXetDataException("Not a shard: the header tag is missing");
        }
        in.position(32);
        long version = in.getLong();
        in.getLong(); // footer size: the footer is not needed (xet.md §3.3)
        if (version != 2) {
            throw new MalformedXetDataException("Unsupported shard version " + version);
        }
        List<FileInfo> files = new ArrayList<>();
        while (true) {
            require(in, RECORD, "file-info section");
            if (isBookend(bytes, in.position())) {
                in.position(in.position() + RECORD);
                break;
            }
            String fileHash = XetHashes.hex(bytes, in.position());
            in.position(in.position() + 32);
            int flags = in.getInt();
            long entries = Integer.toUnsignedLong(in.getInt());
            in.getLong();
            long records = entries * (1 + ((flags & FLAG_VERIFICATION) != 0 ? 1 : 0))
                    + ((flags & FLAG_METADATA) != 0 ? 1 : 0);
            require(in, records * RECORD, "file entry");
            List<String> xorbs = new ArrayList<>();
            long[] unpacked = new long[(int) entries];
            int[] starts = new int[(int) entries];
            int[] ends = new int[(int) entries];
            for (int i = 0; i < entries; i++) {
                xorbs.add(XetHashes.hex(bytes, in.position()));
                in.position(in.position() + 32);
                in.getInt(); // xorb flags
                unpacked[i] = Integer.toUnsignedLong(in.getInt());
                starts[i] = in.getInt();
                ends[i] = in.getInt();
            }
            byte[][] verification = new byte[(int) entries][];
            if ((flags & FLAG_VERIFICATION) != 0) {
                for (int i = 0; i < entries; i++) {
                    verification[i] = Arrays.copyOfRange(bytes, in.position(), in.position() + 32);
                    in.position(in.position() + RECORD);
                }
            }
            String sha256 = null;
            if ((flags & FLAG_METADATA) != 0) {
                // Stored "from big-endian bytes", so the hex rule yields the ordinary sha256 hex (§3.4).
                sha256 = XetHashes.hex(bytes, in.position());
                in.position(in.position() + RECORD);
            }
            List<Term> terms = new ArrayList<>();
            for (int i = 0; i < entries; i++) {
                terms.add(new Term(xorbs.get(i), unpacked[i], starts[i], ends[i], verification[i]));
            }
            files.add(new FileInfo(fileHash, terms, sha256));
        }
        List<XorbInfo> xorbs = new ArrayList<>();
        while (true) {
            require(in, RECORD, "xorb-info section");
            if (isBookend(bytes, in.position())) {
                break;
            }
            String xorbHash = XetHashes.hex(bytes, in.position());
            in.position(in.position() + 32);
            in.getInt();
            long chunks = Integer.toUnsignedLong(in.getInt());
            in.position(in.position() + 8);
            require(in, chunks * RECORD, "xorb chunk entry");
            in.position((int) (in.position() + chunks * RECORD));
            xorbs.add(new XorbInfo(xorbHash, (int) chunks));
        }
        return new Shard(files, xorbs);
    }

    private static void require(ByteBuffer in, long bytes, String what) {
        if (bytes < 0 || in.remaining() < bytes) {
            throw new MalformedXetDataException("The shard ends inside its " + what);
        }
    }

    private static boolean isBookend(byte[] bytes, int offset) {
        for (int i = 0; i < 32; i++) {
            if (bytes[offset + i] != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }

    static byte[] tag() {
        byte[] tag = new byte[32];
        byte[] name = "HFRepoMetaData".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, tag, 0, name.length);
        int[] rest = {0x00, 0x55, 0x69, 0x67, 0x45, 0x6A, 0x7B, 0x81, 0x57, 0x83, 0xA5, 0xBD, 0xD9, 0x5C, 0xCD, 0xD1,
                0x4A, 0xA9};
        for (int i = 0; i < rest.length; i++) {
            tag[name.length + i] = (byte) rest[i];
        }
        return tag;
    }
}
