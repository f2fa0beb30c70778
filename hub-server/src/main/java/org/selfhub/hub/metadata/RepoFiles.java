package org.selfhub.hub.metadata;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The input port of {@link MetadataExtractor}: the files of one commit and bounded reads of their
 * content. The git layer implements it over a commit's tree, reading regular blobs from git and the
 * content of LFS pointers from the object store.
 *
 * <p>Reads address a file's <em>content</em>: for an LFS file that is the LFS object, never the
 * pointer text. The extractor only reads files that {@link #files()} lists, and it checks sizes
 * itself before reading, so implementations need no limits of their own beyond the arguments.
 */
public interface RepoFiles {

    /** Every file of the commit (not directories), in any order. */
    List<RepoFile> files();

    /**
     * The whole content of a small file such as {@code README.md} or {@code config.json}.
     *
     * @param path     a path from {@link #files()}
     * @param maxBytes the most bytes the caller accepts
     * @return the content, or empty when the file does not exist or is larger than {@code maxBytes}
     * @throws IOException when the content cannot be read
     */
    Optional<byte[]> readSmall(String path, int maxBytes) throws IOException;

    /**
     * Part of a file's content: {@code length} bytes starting at {@code offset}, fewer only where the
     * content ends first, none when {@code offset} is at or past the end. Used for the headers of
     * safetensors and GGUF files, whose weights are never read.
     *
     * @throws IOException when the content cannot be read or the file does not exist
     */
    byte[] readRange(String path, long offset, int length) throws IOException;

    /** How log lines name this commit, e.g. {@code acme/bert@1f2e3d…}. */
    default String describe() {
        return "repository";
    }
}
