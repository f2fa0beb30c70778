package org.selfhub.hub.metadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A commit held in memory, recording how far into each file the reads went. */
final class InMemoryRepoFiles implements RepoFiles {

    private final Map<String, byte[]> contents = new LinkedHashMap<>();
    private final Map<String, RepoFile> files = new LinkedHashMap<>();
    private final Map<String, Long> furthestRead = new LinkedHashMap<>();
    private long rangeBytesRead;

    InMemoryRepoFiles regular(String path, String text) {
        return regular(path, text.getBytes(StandardCharsets.UTF_8));
    }

    InMemoryRepoFiles regular(String path, byte[] content) {
        contents.put(path, content);
        files.put(path, new RepoFile(path, content.length, false));
        return this;
    }

    InMemoryRepoFiles lfs(String path, byte[] content) {
        contents.put(path, content);
        files.put(path, new RepoFile(path, content.length, true));
        return this;
    }

    /**
     * An LFS file listed with {@code size} bytes of which only the first {@code content.length} are
     * held: a stand-in for a large weight file whose tail must never be read.
     */
    InMemoryRepoFiles large(String path, byte[] content, long size) {
        contents.put(path, content);
        files.put(path, new RepoFile(path, size, true));
        return this;
    }

    /** Lists a file without content: reading it fails as a broken store would. */
    InMemoryRepoFiles unreadable(String path, long size) {
        files.put(path, new RepoFile(path, size, true));
        return this;
    }

    /** The offset one past the last byte any read of {@code path} returned. */
    long furthestRead(String path) {
        return furthestRead.getOrDefault(path, 0L);
    }

    long rangeBytesRead() {
        return rangeBytesRead;
    }

    @Override
    public List<RepoFile> files() {
        return new ArrayList<>(files.values());
    }

    @Override
    public Optional<byte[]> readSmall(String path, int maxBytes) throws IOException {
        byte[] content = content(path);
        if (content.length > maxBytes) {
            return Optional.empty();
        }
        furthestRead.merge(path, (long) content.length, Math::max);
        return Optional.of(content.clone());
    }

    @Override
    public byte[] readRange(String path, long offset, int length) throws IOException {
        byte[] content = content(path);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset " + offset + ", length " + length);
        }
        int from = (int) Math.min(offset, content.length);
        int to = (int) Math.min((long) from + length, content.length);
        furthestRead.merge(path, (long) to, Math::max);
        rangeBytesRead += to - from;
        return Arrays.copyOfRange(content, from, to);
    }

    @Override
    public String describe() {
        return "test/repo@0000000";
    }

    private byte[] content(String path) throws IOException {
        byte[] content = contents.get(path);
        if (content == null) {
            throw new IOException("object for " + path + " is missing");
        }
        return content;
    }
}
