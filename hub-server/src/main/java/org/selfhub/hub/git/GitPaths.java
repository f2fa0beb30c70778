package org.selfhub.hub.git;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.selfhub.hub.shared.HubException;

/**
 * Paths inside a repository, as the commit API, resolve and tree accept them: relative, {@code /}
 * separated, valid Unicode, no empty, {@code .} or {@code ..} segments, nothing under {@code .git},
 * no NUL, backslash or control characters, at most 4096 UTF-8 bytes and 255 per segment
 * (git-lfs.md §3.1 step 5, hub-api-contract.md §13.3 "Client-side path checks").
 */
public final class GitPaths {

    static final int MAX_PATH_BYTES = 4096;
    static final int MAX_SEGMENT_BYTES = 255;

    private GitPaths() {
    }

    /** Returns the path unchanged, or throws 400 saying what is wrong with it. */
    public static String validate(String path) {
        if (path == null || path.isEmpty()) {
            throw HubException.badRequest("Invalid path: the path is empty");
        }
        if (path.startsWith("/")) {
            throw invalid(path, "absolute paths are not allowed");
        }
        if (path.endsWith("/")) {
            throw invalid(path, "a file path cannot end with '/'");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw invalid(path, "control characters (including NUL) are not allowed");
            }
            if (c == '\\') {
                throw invalid(path, "backslashes are not allowed");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= path.length() || !Character.isLowSurrogate(path.charAt(i + 1))) {
                    throw invalid(path, "the path is not valid Unicode");
                }
                i++;
            } else if (Character.isLowSurrogate(c) || c == '\uFFFD') {
                throw invalid(path, "the path is not valid UTF-8");
            }
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw invalid(path, "the path is longer than " + MAX_PATH_BYTES + " bytes");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                throw invalid(path, "empty path segments ('//') are not allowed");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(path, "'.' and '..' segments are not allowed");
            }
            if (segment.toLowerCase(Locale.ROOT).equals(".git")) {
                throw invalid(path, "'.git' is reserved");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw invalid(path, "a path segment is longer than " + MAX_SEGMENT_BYTES + " bytes");
            }
        }
        return path;
    }

    /** A folder path: like {@link #validate} once the trailing {@code /} (Python's deletedFolder form) is dropped. */
    public static String validateFolder(String path) {
        String p = path == null ? "" : path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return validate(p);
    }

    private static HubException invalid(String path, String why) {
        String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        return HubException.badRequest("Invalid path '" + shown.replace('\0', '?') + "': " + why);
    }
}
