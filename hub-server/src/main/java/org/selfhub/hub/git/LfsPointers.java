package org.selfhub.hub.git;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Git LFS pointer files (git-lfs spec; git-lfs.md §3.3): written by the commit API for
 * {@code lfsFile} operations, recognized when indexing trees so listings report
 * {@code lfs{oid,size,pointerSize}} for any pointer, however it arrived.
 */
public final class LfsPointers {

    /** Pointer files are smaller than this, by the spec. */
    public static final int MAX_POINTER_SIZE = 1024;

    private static final Pattern POINTER = Pattern.compile(
            "version https://(?:git-lfs\\.github\\.com/spec/v1|hawser\\.github\\.com/spec/v1)\n"
                    + "(?:[a-z0-9.-]+ [^\n]*\n)*?"
                    + "oid sha256:([0-9a-f]{64})\n"
                    + "size (0|[1-9][0-9]{0,18})\n"
                    + "(?:[a-z0-9.-]+ [^\n]*\n)*");

    private LfsPointers() {
    }

    /** A parsed pointer: the object's sha256 and size. */
    public record Pointer(String oid, long size) {
    }

    public static byte[] encode(String oid, long size) {
        return ("version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize " + size + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The pointer in these bytes, or null when they are not one. */
    public static Pointer parse(byte[] content) {
        if (content.length >= MAX_POINTER_SIZE) {
            return null;
        }
        Matcher m = POINTER.matcher(new String(content, StandardCharsets.UTF_8));
        if (!m.matches()) {
            return null;
        }
        try {
            return new Pointer(m.group(1), Long.parseLong(m.group(2)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
