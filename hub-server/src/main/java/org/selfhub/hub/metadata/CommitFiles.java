package org.selfhub.hub.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.selfhub.hub.git.FileEntry;
import org.selfhub.hub.git.GitService;
import org.selfhub.hub.lfs.LfsObjectService;

/**
 * {@link RepoFiles} over one commit: the listing comes from the file index (LFS files with their
 * object's size), regular files are read from git, LFS content with ranged reads of the object store,
 * so a safetensors or GGUF header costs a few kilobytes however large the weights are.
 */
final class CommitFiles implements RepoFiles {

    private final UUID repositoryId;
    private final String description;
    private final GitService git;
    private final LfsObjectService lfs;
    private final Map<String, FileEntry> byPath = new HashMap<>();
    private final List<RepoFile> files;

    CommitFiles(UUID repositoryId, String description, List<FileEntry> entries, GitService git, LfsObjectService lfs) {
        this.repositoryId = repositoryId;
        this.description = description;
        this.git = git;
        this.lfs = lfs;
        for (FileEntry entry : entries) {
            byPath.put(entry.path(), entry);
        }
        this.files = entries.stream().map(e -> new RepoFile(e.path(), e.size(), e.isLfs())).toList();
    }

    @Override
    public List<RepoFile> files() {
        return files;
    }

    @Override
    public Optional<byte[]> readSmall(String path, int maxBytes) throws IOException {
        FileEntry entry = byPath.get(path);
        if (entry == null || entry.size() > maxBytes) {
            return Optional.empty();
        }
        return Optional.of(readRange(path, 0, (int) entry.size()));
    }

    @Override
    public byte[] readRange(String path, long offset, int length) throws IOException {
        FileEntry entry = byPath.get(path);
        if (entry == null) {
            throw new IOException(path + " is not in the commit");
        }
        long available = Math.max(0, entry.size() - offset);
        int n = (int) Math.min(length, available);
        if (n == 0) {
            return new byte[0];
        }
        try (InputStream in = entry.isLfs() ? lfs.open(entry.lfsOid(), offset, n)
                : git.openBlob(repositoryId, entry.oid(), offset)) {
            byte[] bytes = in.readNBytes(n);
            if (bytes.length < n) {
                throw new IOException(path + " ended after " + (offset + bytes.length) + " bytes");
            }
            return bytes;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            // a missing LFS object (never uploaded) or a store failure: the extractor logs it as a problem
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return description;
    }
}
