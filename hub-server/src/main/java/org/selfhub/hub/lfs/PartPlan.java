package org.selfhub.hub.lfs;

/**
 * How a multipart upload splits an object: {@code partCount} parts of {@code chunkSize} bytes, the last
 * one shorter. Both HF clients slice the file by the {@code chunk_size} the batch answer names and
 * require exactly {@code ceil(size / chunk_size)} part URLs (hub-api-contract.md §7.6).
 */
record PartPlan(long size, long chunkSize, int partCount) {

    /** The S3 limit on parts per upload. */
    static final int MAX_PARTS = 10_000;

    /**
     * Parts of {@code preferredChunkSize}, or larger ones when that would need more than
     * {@value #MAX_PARTS} parts.
     */
    static PartPlan of(long size, long preferredChunkSize) {
        if (size <= 0) {
            throw new IllegalArgumentException("A multipart upload needs at least one byte");
        }
        if (preferredChunkSize <= 0) {
            throw new IllegalArgumentException("Chunk size must be positive");
        }
        long chunk = Math.max(preferredChunkSize, ceilDiv(size, MAX_PARTS));
        return new PartPlan(size, chunk, (int) ceilDiv(size, chunk));
    }

    /** Rebuilds the plan a signed URL describes, checking that it is consistent. */
    static PartPlan signed(long size, long chunkSize) {
        if (size <= 0 || chunkSize <= 0 || ceilDiv(size, chunkSize) > MAX_PARTS) {
            throw new IllegalArgumentException("Inconsistent multipart plan");
        }
        return new PartPlan(size, chunkSize, (int) ceilDiv(size, chunkSize));
    }

    /** The first byte of part {@code partNumber} (1-based). */
    long offset(int partNumber) {
        requirePart(partNumber);
        return (partNumber - 1) * chunkSize;
    }

    /** The length of part {@code partNumber} (1-based): {@code chunkSize}, or what is left for the last. */
    long length(int partNumber) {
        return Math.min(chunkSize, size - offset(partNumber));
    }

    boolean hasPart(int partNumber) {
        return partNumber >= 1 && partNumber <= partCount;
    }

    private void requirePart(int partNumber) {
        if (!hasPart(partNumber)) {
            throw new IllegalArgumentException("Part " + partNumber + " is outside 1.." + partCount);
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
