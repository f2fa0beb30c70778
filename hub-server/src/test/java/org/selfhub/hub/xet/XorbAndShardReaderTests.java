package org.selfhub.hub.xet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Parses the xorbs and shards hf_xet uploaded (schemes 0, 1 and 2) and recomputes every hash. */
class XorbAndShardReaderTests {

    @ParameterizedTest
    @ValueSource(strings = {"random", "text", "floats"})
    void recomputesTheXorbHashOfEachScheme(String name) throws IOException {
        byte[] xorb = XetFixtures.xorb(name);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        XorbLayout layout = XorbReader.read(new ByteArrayInputStream(xorb), copy);
        assertThat(layout.hash()).isEqualTo(XetFixtures.xorbHash(name));
        assertThat(copy.toByteArray()).isEqualTo(xorb);
        assertThat(layout.serializedSize()).isEqualTo(xorb.length);
        assertThat(layout.unpackedEnds()[layout.chunkCount() - 1]).isEqualTo(XetFixtures.size(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "text", "floats"})
    void decodesTheOriginalBytesAndTheFileHash(String name) throws Exception {
        byte[] xorb = XetFixtures.xorb(name);
        XorbLayout layout = XorbReader.read(new ByteArrayInputStream(xorb), new ByteArrayOutputStream());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        XorbReader.decodeChunks(new ByteArrayInputStream(xorb), layout.chunkCount(), raw::write);
        String sha256 = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw.toByteArray()));
        assertThat(sha256).isEqualTo(XetFixtures.sha256(name));

        List<XetHashes.Node> chunks = new ArrayList<>();
        for (int i = 0; i < layout.chunkCount(); i++) {
            chunks.add(new XetHashes.Node(Arrays.copyOfRange(layout.chunkHashes(), i * 32, i * 32 + 32),
                    layout.unpackedBytes(i, i + 1)));
        }
        assertThat(XetHashes.hex(XetHashes.fileHash(chunks))).isEqualTo(XetFixtures.fileHash(name));
    }

    @Test
    void stopsAtAFooterAndDoesNotCopyIt() throws IOException {
        byte[] xorb = XetFixtures.xorb("text");
        byte[] footer = "XETBLOB\1 and whatever a footer holds".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] withFooter = Arrays.copyOf(xorb, xorb.length + footer.length);
        System.arraycopy(footer, 0, withFooter, xorb.length, footer.length);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        assertThat(XorbReader.read(new ByteArrayInputStream(withFooter), copy).hash())
                .isEqualTo(XetFixtures.xorbHash("text"));
        assertThat(copy.toByteArray()).isEqualTo(xorb);
    }

    @Test
    void rejectsATruncatedOrCorruptedXorbAndHashesAlteredDataDifferently() throws IOException {
        byte[] xorb = XetFixtures.xorb("text");
        assertThatThrownBy(() -> XorbReader.read(new ByteArrayInputStream(Arrays.copyOf(xorb, xorb.length - 3)),
                new ByteArrayOutputStream())).isInstanceOf(MalformedXetDataException.class);
        byte[] unknownScheme = xorb.clone();
        unknownScheme[4] = 7;
        assertThatThrownBy(() -> XorbReader.read(new ByteArrayInputStream(unknownScheme), new ByteArrayOutputStream()))
                .isInstanceOf(MalformedXetDataException.class);
        byte[] random = XetFixtures.xorb("random").clone();
        random[100] ^= 0x55;
        assertThat(XorbReader.read(new ByteArrayInputStream(random), new ByteArrayOutputStream()).hash())
                .isNotEqualTo(XetFixtures.xorbHash("random"));
    }

    @Test
    void regroupsBg4Bytes() {
        byte[] raw = new byte[11];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) i;
        }
        byte[] grouped = ChunkCodec.group(raw);
        assertThat(grouped).containsExactly(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7);
        assertThat(ChunkCodec.ungroup(grouped)).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "text", "floats"})
    void readsTheShardsFileTermsAndSha256(String name) throws IOException {
        ShardReader.Shard shard = ShardReader.read(XetFixtures.shard(name));
        assertThat(shard.files()).hasSize(1);
        ShardReader.FileInfo file = shard.files().get(0);
        assertThat(file.fileHash()).isEqualTo(XetFixtures.fileHash(name));
        assertThat(file.sha256()).isEqualTo(XetFixtures.sha256(name));
        assertThat(file.terms()).hasSize(1);
        ShardReader.Term term = file.terms().get(0);
        assertThat(term.xorbHash()).isEqualTo(XetFixtures.xorbHash(name));
        assertThat(term.unpackedBytes()).isEqualTo(XetFixtures.size(name));

        XorbLayout layout = XorbReader.read(new ByteArrayInputStream(XetFixtures.xorb(name)), new ByteArrayOutputStream());
        assertThat(term.chunkStart()).isZero();
        assertThat(term.chunkEnd()).isEqualTo(layout.chunkCount());
        assertThat(XetHashes.verificationHash(layout.chunkHashes(), 0, layout.chunkCount() * 32))
                .isEqualTo(term.verificationHash());
        assertThat(shard.xorbs()).extracting(ShardReader.XorbInfo::xorbHash).containsExactly(XetFixtures.xorbHash(name));
    }

    @Test
    void rejectsAShardWithoutItsTag() {
        byte[] shard = XetFixtures.shard("text").clone();
        shard[0] = 'X';
        assertThatThrownBy(() -> ShardReader.read(shard)).isInstanceOf(MalformedXetDataException.class);
        assertThatThrownBy(() -> ShardReader.read(Arrays.copyOf(XetFixtures.shard("text"), 100)))
                .isInstanceOf(MalformedXetDataException.class);
    }

    @Test
    void readsTheJsClientsXorbFramesAndItsShardWithAFooter() throws Exception {
        byte[] xorb = XetFixtures.bytes("js-text.xorb");
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        XorbLayout layout = XorbReader.read(new ByteArrayInputStream(xorb), copy);
        assertThat(layout.hash()).isEqualTo(XetFixtures.xorbHash("js-text"));
        assertThat(copy.toByteArray()).isEqualTo(xorb);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        XorbReader.decodeChunks(new ByteArrayInputStream(xorb), layout.chunkCount(), raw::write);
        byte[] chunks = raw.toByteArray();
        assertThat((long) chunks.length).isEqualTo(layout.unpackedEnds()[layout.chunkCount() - 1]);

        byte[] shardBytes = XetFixtures.bytes("js-text.shard");
        assertThat(java.nio.ByteBuffer.wrap(shardBytes, 40, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong())
                .as("footer_size").isEqualTo(200);
        ShardReader.Shard shard = ShardReader.read(shardBytes);
        assertThat(shard.files()).hasSize(1);
        ShardReader.FileInfo file = shard.files().get(0);
        assertThat(file.fileHash()).isEqualTo(XetFixtures.fileHash("js-text"));
        assertThat(file.sha256()).isEqualTo(XetFixtures.sha256("js-text"));
        assertThat(shard.xorbs()).extracting(ShardReader.XorbInfo::xorbHash)
                .containsExactly(XetFixtures.xorbHash("js-text"));

        // Rebuild the file from the terms: its size, its sha256 and its xet file hash.
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        List<XetHashes.Node> nodes = new ArrayList<>();
        long size = 0;
        for (ShardReader.Term term : file.terms()) {
            assertThat(term.xorbHash()).isEqualTo(XetFixtures.xorbHash("js-text"));
            assertThat(term.unpackedBytes()).isEqualTo(layout.unpackedBytes(term.chunkStart(), term.chunkEnd()));
            assertThat(XetHashes.verificationHash(layout.chunkHashes(), term.chunkStart() * 32,
                    (term.chunkEnd() - term.chunkStart()) * 32)).isEqualTo(term.verificationHash());
            int from = term.chunkStart() == 0 ? 0 : (int) layout.unpackedEnds()[term.chunkStart() - 1];
            sha256.update(chunks, from, (int) term.unpackedBytes());
            size += term.unpackedBytes();
            for (int c = term.chunkStart(); c < term.chunkEnd(); c++) {
                nodes.add(new XetHashes.Node(Arrays.copyOfRange(layout.chunkHashes(), c * 32, c * 32 + 32),
                        layout.unpackedBytes(c, c + 1)));
            }
        }
        assertThat(file.terms()).hasSize(50);
        assertThat(size).isEqualTo(XetFixtures.size("js-text"));
        assertThat(java.util.HexFormat.of().formatHex(sha256.digest())).isEqualTo(XetFixtures.sha256("js-text"));
        assertThat(XetHashes.hex(XetHashes.fileHash(nodes))).isEqualTo(XetFixtures.fileHash("js-text"));
    }

    @Test
    void acceptsSixtyFourMebibytesOfStoredChunksWithTheirHeadersAndNoMore() throws IOException {
        // What hf_xet 1.8.0 sends for a 64 MiB random file: 64 MiB of chunk data, uncompressed, plus headers.
        int chunks = XorbReader.MAX_XORB_BYTES / XorbReader.MAX_RAW_CHUNK;
        byte[] xorb = storedChunks(chunks, XorbReader.MAX_RAW_CHUNK);
        XorbLayout layout = XorbReader.read(new ByteArrayInputStream(xorb), java.io.OutputStream.nullOutputStream());
        assertThat(layout.chunkCount()).isEqualTo(chunks);
        assertThat(layout.serializedSize()).isGreaterThan(XorbReader.MAX_XORB_BYTES).isEqualTo(xorb.length);

        byte[] oneMore = Arrays.copyOf(xorb, xorb.length + XorbReader.HEADER_LENGTH + 1);
        System.arraycopy(storedChunks(1, 1), 0, oneMore, xorb.length, XorbReader.HEADER_LENGTH + 1);
        assertThatThrownBy(() -> XorbReader.read(new ByteArrayInputStream(oneMore),
                java.io.OutputStream.nullOutputStream())).isInstanceOf(MalformedXetDataException.class)
                .hasMessageContaining("64 MiB");
    }

    /** {@code count} chunks of {@code size} random bytes, each stored as is (scheme 0). */
    private static byte[] storedChunks(int count, int size) {
        java.util.Random random = new java.util.Random(count);
        byte[] out = new byte[count * (XorbReader.HEADER_LENGTH + size)];
        for (int c = 0; c < count; c++) {
            int at = c * (XorbReader.HEADER_LENGTH + size);
            out[at + 1] = (byte) size;
            out[at + 2] = (byte) (size >>> 8);
            out[at + 3] = (byte) (size >>> 16);
            out[at + 5] = (byte) size;
            out[at + 6] = (byte) (size >>> 8);
            out[at + 7] = (byte) (size >>> 16);
            byte[] data = new byte[size];
            random.nextBytes(data);
            System.arraycopy(data, 0, out, at + XorbReader.HEADER_LENGTH, size);
        }
        return out;
    }
}
