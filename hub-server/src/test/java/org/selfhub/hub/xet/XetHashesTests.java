package org.selfhub.hub.xet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The vectors of xet.md §6, checked against hf_xet's own {@code hash_files}. */
class XetHashesTests {

    @Test
    void printsEachEightByteGroupAsLittleEndian() {
        byte[] raw = bytes(22, 175, 58, 132, 4, 75, 131, 214, 190, 153, 138, 66, 226, 3, 153, 242, 204, 86, 80, 234,
                249, 153, 80, 99, 159, 80, 65, 138, 236, 231, 149, 78);
        assertThat(XetHashes.hex(raw)).isEqualTo("d6834b04843aaf16f29903e2428a99be635099f9ea5056cc4e95e7ec8a41509f");
        assertThat(XetHashes.fromHex(XetHashes.hex(raw))).isEqualTo(raw);

        byte[] sequence = new byte[32];
        for (int i = 0; i < 32; i++) {
            sequence[i] = (byte) i;
        }
        // xet.md §3.1 prints this example with the "10" of the third group missing (63 digits).
        assertThat(XetHashes.hex(sequence))
                .isEqualTo("07060504030201000f0e0d0c0b0a090817161514131211101f1e1d1c1b1a1918");
    }

    @Test
    void hashesASingleChunkFileLikeHfXet() {
        byte[] data = "hello world".getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = XetHashes.chunkHash(data, 0, data.length);
        assertThat(XetHashes.aggregate(List.of(new XetHashes.Node(chunk, 11)))).isEqualTo(chunk);
        assertThat(XetHashes.hex(XetHashes.fileHash(List.of(new XetHashes.Node(chunk, 11)))))
                .isEqualTo("f15edd43b7e85cfd25e2758ffe13b99fdd09dfa817e8d9f6548722a7a126db7f");
    }

    @Test
    void hashesAnEmptyFileToZeros() {
        assertThat(XetHashes.hex(XetHashes.fileHash(List.of()))).isEqualTo("0".repeat(64));
        assertThat(XetHashes.aggregate(List.of())).isEqualTo(new byte[32]);
    }

    @Test
    void readsTheShardSha256AsTheOrdinaryHex() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("some data".getBytes(StandardCharsets.US_ASCII));
        // xet-core stores the digest "from big-endian bytes": each 8-byte group reversed (xet.md §3.4).
        byte[] stored = new byte[32];
        for (int group = 0; group < 4; group++) {
            for (int i = 0; i < 8; i++) {
                stored[group * 8 + i] = digest[group * 8 + 7 - i];
            }
        }
        assertThat(XetHashes.hex(stored)).isEqualTo("1307990e6ba5ca145eb35e99182a9bec46531bc54ddf656a602c780fa0240dee");
    }

    @Test
    void rejectsHexThatIsNotAHash() {
        assertThat(XetHashes.isHex("D6834B04843AAF16F29903E2428A99BE635099F9EA5056CC4E95E7EC8A41509F")).isFalse();
        assertThat(XetHashes.isHex("d6834b04")).isFalse();
        assertThat(XetHashes.isHex(null)).isFalse();
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
