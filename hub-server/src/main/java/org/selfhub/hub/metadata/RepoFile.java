package org.selfhub.hub.metadata;

import java.util.Objects;

/**
 * One file of a commit, as {@link RepoFiles} lists it.
 *
 * @param path repository-relative path with {@code /} separators, e.g. {@code unet/config.json}
 * @param size the size of the file's content in bytes: for an LFS file the size of the LFS object,
 *             not of its pointer
 * @param lfs  whether the content lives in the LFS object store (the git blob is a pointer)
 */
public record RepoFile(String path, long size, boolean lfs) {

    public RepoFile {
        Objects.requireNonNull(path, "path");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    /** The last path segment. */
    public String fileName() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** Whether the file sits at the top of the repository. */
    public boolean atRoot() {
        return path.indexOf('/') < 0;
    }
}
