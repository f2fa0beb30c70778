package org.selfhub.hub.storage;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/** Argument checks shared by both adapters. */
final class Arguments {

    private Arguments() {
    }

    /** A declared size: {@code -1} (unknown) or at least zero. */
    static long requireDeclaredSize(long size) {
        if (size < -1) {
            throw new IllegalArgumentException("Size must be -1 (unknown) or at least 0, was " + size);
        }
        return size;
    }

    /** A declared sha256, lower-cased, or null when the caller does not want it checked. */
    static String normalizeSha256(String sha256Hex) {
        if (sha256Hex == null) {
            return null;
        }
        String lower = sha256Hex.toLowerCase(Locale.ROOT);
        if (lower.length() != 64 || !lower.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("Expected sha256 must be 64 hex digits, was '" + sha256Hex + "'");
        }
        return lower;
    }

    static void requireRange(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException(
                    "Range offset and length must not be negative, were " + offset + " and " + length);
        }
    }

    static Duration requireTtl(Duration ttl) {
        if (ttl == null || ttl.compareTo(Duration.ofSeconds(1)) < 0
                || ttl.compareTo(ObjectStore.MAX_PRESIGNED_TTL) > 0) {
            throw new IllegalArgumentException("Presigned URL lifetime must be between 1 second and "
                    + ObjectStore.MAX_PRESIGNED_TTL.toDays() + " days, was " + ttl);
        }
        return ttl;
    }

    static int requirePartNumber(int partNumber) {
        if (partNumber < 1 || partNumber > ObjectStore.MAX_PART_NUMBER) {
            throw new IllegalArgumentException(
                    "Part number must be between 1 and " + ObjectStore.MAX_PART_NUMBER + ", was " + partNumber);
        }
        return partNumber;
    }
}
