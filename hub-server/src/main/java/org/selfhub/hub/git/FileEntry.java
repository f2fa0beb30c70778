package org.selfhub.hub.git;

/**
 * A file or directory of a commit, from the file index. {@code oid} is the git blob id (of the
 * pointer for LFS files) or the tree id; {@code size} is the real content size (the LFS object's
 * for LFS files, 0 for directories); the {@code lfs*} fields are null for non-LFS entries.
 */
public record FileEntry(String path, boolean directory, String oid, long size, String lfsOid, Integer pointerSize) {

    public boolean isLfs() {
        return lfsOid != null;
    }

    /** The size of the git blob itself: the pointer's for LFS files. */
    public long blobSize() {
        return isLfs() ? pointerSize : size;
    }
}
