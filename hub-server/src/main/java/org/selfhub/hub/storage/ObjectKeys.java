package org.selfhub.hub.storage;

import java.nio.charset.StandardCharsets;

/** The key rules of {@link ObjectStore}, shared by both adapters so that they accept the same keys. */
final class ObjectKeys {

    /** Top-level segment reserved for in-flight writes; never a caller's key and never listed. */
    static final String TEMPORARY_SEGMENT = "tmp";
    static final String TEMPORARY_PREFIX = TEMPORARY_SEGMENT + "/";

    /** S3's limit, applied to both stores so that a key valid on one is valid on the other. */
    static final int MAX_KEY_BYTES = 1024;

    private ObjectKeys() {
    }

    static String requireValidKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("Object key must not be empty");
        }
        requireSafeCharacters(key, "Object key");
        String[] segments = key.split("/", -1);
        for (String segment : segments) {
            requireValidSegment(key, segment, "Object key");
        }
        if (segments[0].equals(TEMPORARY_SEGMENT)) {
            throw new IllegalArgumentException("Object key " + quote(key) + " is under the reserved prefix "
                    + TEMPORARY_PREFIX);
        }
        return key;
    }

    /** A folder of the store to purge: a valid prefix that names whole folders ({@code lfs-parts/}), never everything. */
    static String requireFolderPrefix(String prefix) {
        requireValidPrefix(prefix);
        if (prefix.isEmpty() || !prefix.endsWith("/") || isTemporary(prefix)) {
            throw new IllegalArgumentException("Purge a folder such as 'lfs-staging/', not '" + prefix + "'");
        }
        return prefix;
    }

    /** A list prefix: empty, or a key-like string whose last segment may be partial or empty. */
    static String requireValidPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("Prefix must not be null; use \"\" to list everything");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        requireSafeCharacters(prefix, "Prefix");
        String[] segments = prefix.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            boolean last = i == segments.length - 1;
            if (last && segments[i].isEmpty()) {
                continue;
            }
            requireValidSegment(prefix, segments[i], "Prefix");
        }
        return prefix;
    }

    static boolean isTemporary(String key) {
        return key.startsWith(TEMPORARY_PREFIX);
    }

    private static void requireSafeCharacters(String key, String what) {
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_KEY_BYTES + " bytes");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException(what + " " + quote(key) + " must be relative");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') {
                throw new IllegalArgumentException(what + " " + quote(key) + " must not contain a backslash");
            }
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(what + " " + quote(key) + " must not contain control characters");
            }
        }
    }

    private static void requireValidSegment(String key, String segment, String what) {
        if (segment.isEmpty()) {
            throw new IllegalArgumentException(what + " " + quote(key) + " has an empty segment");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw new IllegalArgumentException(what + " " + quote(key) + " must not contain a '" + segment
                    + "' segment");
        }
    }

    private static String quote(String key) {
        StringBuilder quoted = new StringBuilder("'");
        key.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('\'').toString();
    }
}
