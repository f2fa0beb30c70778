package org.selfhub.hub.xet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.Test;

/** The fast keyed BLAKE3 equals commons-codec's at every length that changes the tree's shape, JIT-compiled too. */
class KeyedBlake3Tests {

    @Test
    void equalsCommonsCodecAtEveryTreeShape() {
        Random random = new Random(3);
        byte[] data = new byte[140_000];
        random.nextBytes(data);
        int[] lengths = {0, 1, 63, 64, 65, 1023, 1024, 1025, 2047, 2048, 2049, 3072, 3073, 4096, 5000, 8191, 8192, 8193,
                31 * 1024 + 7, 64 * 1024, 65_537, 128 * 1024, 131_073, 139_999};
        for (byte[] key : new byte[][] {XetHashes.DATA_KEY, XetHashes.INTERNAL_NODE_KEY, XetHashes.ZERO_KEY}) {
            for (int length : lengths) {
                for (int offset : new int[] {0, 13}) {
                    if (offset + length > data.length) {
                        continue;
                    }
                    byte[] expected = new byte[32];
                    Blake3.initKeyedHash(key).update(data, offset, length).doFinalize(expected);
                    assertThat(KeyedBlake3.hash(key, data, offset, length)).as("length %d offset %d", length, offset)
                            .isEqualTo(expected);
                }
            }
        }
        // Enough calls for C2 to compile the hash (a VarHandle variant went wrong only then).
        for (int i = 0; i < 5000; i++) {
            int length = random.nextInt(i % 10 == 0 ? 139_000 : 5_000);
            byte[] expected = new byte[32];
            Blake3.initKeyedHash(XetHashes.DATA_KEY).update(data, 7, length).doFinalize(expected);
            assertThat(KeyedBlake3.hash(XetHashes.DATA_KEY, data, 7, length)).as("length %d", length).isEqualTo(expected);
        }
    }
}
