package org.selfhub.worker.model;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Model files on disk, keyed by (repository, commit sha), so a commit is downloaded once and never
 * changes (§3.2, "the worker keeps a disk cache keyed by sha"). A model directory appears atomically:
 * files are fetched into a temporary sibling that is renamed when complete.
 */
public final class ModelCache {

    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Where a model's files come from (the hub's resolve route, or a test directory). */
    public interface Source {
        /** Every file path of the repository at the commit. */
        List<String> listFiles() throws IOException;

        /** Writes one file to {@code target}. */
        void download(String path, Path target) throws IOException;
    }

    private final Path root;
    private final ConcurrentHashMap<ModelKey, Object> locks = new ConcurrentHashMap<>();

    public ModelCache(Path root) {
        this.root = root;
    }

    /** The directory a model's files live in (whether or not it is complete). */
    public Path directory(ModelKey key) {
        String[] segments = key.modelId().split("/");
        if (segments.length > 2) {
            throw new IllegalArgumentException("bad model id " + key.modelId());
        }
        for (String s : segments) {
            requireSafe(s, key);
        }
        requireSafe(key.sha(), key);
        return root.resolve("models--" + String.join("--", segments)).resolve(key.sha());
    }

    public boolean isComplete(ModelKey key) {
        return Files.isRegularFile(directory(key).resolve(".complete"));
    }

    /** The model's directory, downloading the files it needs first when they are not cached. */
    public Path ensure(ModelKey key, Source source) throws IOException {
        Path dir = directory(key);
        if (isComplete(key)) {
            return dir;
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            if (isComplete(key)) {
                return dir;
            }
            Files.createDirectories(dir.getParent());
            Path tmp = Files.createTempDirectory(dir.getParent(), key.sha() + ".partial-");
            try {
                for (String file : ModelFiles.select(source.listFiles())) {
                    Path target = tmp.resolve(file).normalize();
                    if (!target.startsWith(tmp)) {
                        throw new IOException("refusing file path " + file);
                    }
                    Files.createDirectories(target.getParent());
                    source.download(file, target);
                }
                Files.writeString(tmp.resolve(".complete"), key.toString());
                deleteTree(dir);
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                    Files.move(tmp, dir, StandardCopyOption.REPLACE_EXISTING);
                }
                return dir;
            } finally {
                deleteTree(tmp);
            }
        }
    }

    private static void requireSafe(String segment, ModelKey key) {
        if (!SAFE_SEGMENT.matcher(segment).matches() || segment.contains("..")) {
            throw new IllegalArgumentException("bad model key " + key);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }
}
