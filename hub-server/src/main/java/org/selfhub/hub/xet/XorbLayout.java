package org.selfhub.hub.xet;

/**
 * What the hub knows of a stored xorb: its hash, and per chunk the raw 32-byte hash
 * ({@code chunkHashes}, 32 bytes each), the end offset of its serialized bytes, header included
 * ({@code compressedEnds}), and the end offset of its raw bytes ({@code unpackedEnds}).
 */
record XorbLayout(String hash, int chunkCount, byte[] chunkHashes, int[] compressedEnds, int[] unpackedEnds) {

    /** Where chunk {@code index}'s raw bytes start in the xorb's raw content. */
    long unpackedStart(int index) {
        return index == 0 ? 0 : unpackedEnds[index - 1];
    }

    /** Where chunk {@code index}'s serialized bytes (header first) start. */
    long compressedStart(int index) {
        return index == 0 ? 0 : compressedEnds[index - 1];
    }

    /** The raw size of chunks [start, end). */
    long unpackedBytes(int start, int end) {
        return unpackedStart(end) - unpackedStart(start);
    }

    long serializedSize() {
        return compressedEnds[chunkCount - 1];
    }
}
