package org.selfhub.hub.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Objects as files under a root directory: key {@code lfs/ab/cd/x} is the file
 * {@code <root>/lfs/ab/cd/x}. A write goes to {@code <root>/tmp/<uuid>} on the same filesystem, is
 * hashed while it is written, fsynced, and only then renamed onto its key, so a crash or a rejected
 * upload never leaves a partial file under a key. There are no presigned URLs or multipart uploads:
 * the hub serves and receives the bytes itself.
 */
final class FilesystemObjectStore implements ObjectStore {

    private static final int BUFFER_SIZE = 256 * 1024;
    /** How much a large write gets ahead of its background flush. */
    private static final long FLUSH_BEHIND_BYTES = 32L * 1024 * 1024;

    private final Path root;
    private final Path temporaryDirectory;
    /** Whether large objects are written past the page cache ({@link DirectWrites}). */
    private final boolean direct;

    /**
     * Creates the root and its temporary directory when absent.
     *
     * @throws ObjectStoreException when they cannot be created
     */
    FilesystemObjectStore(Path root) {
        this(root, true);
    }

    /** {@code tryDirect}: whether large objects may bypass the page cache where the filesystem allows it. */
    FilesystemObjectStore(Path root, boolean tryDirect) {
        this.root = root.toAbsolutePath().normalize();
        this.temporaryDirectory = this.root.resolve(ObjectKeys.TEMPORARY_SEGMENT);
        try {
            Files.createDirectories(temporaryDirectory);
        } catch (IOException e) {
            throw failure("create its directory", e);
        }
        this.direct = tryDirect && DirectWrites.probe(temporaryDirectory);
    }

    Path root() {
        return root;
    }

    boolean writesDirect() {
        return direct;
    }

    @Override
    public StoredObject put(String key, InputStream in, long size, String expectedSha256Hex) {
        Path target = resolve(key);
        Arguments.requireDeclaredSize(size);
        String expectedSha256 = Arguments.normalizeSha256(expectedSha256Hex);
        Objects.requireNonNull(in, "in");
        Path temporary = temporaryDirectory.resolve(UUID.randomUUID() + ".part");
        boolean moved = false;
        // Hashing on another thread pays off once the thread handoff is small against the bytes.
        boolean large = size >= FLUSH_BEHIND_BYTES;
        HashingInputStream hashing = large ? HashingInputStream.inBackground(in) : new HashingInputStream(in);
        try (hashing) {
            String sha256;
            try (FileChannel channel = large && direct ? DirectWrites.open(temporary)
                    : FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                if (large && direct) {
                    DirectWrites.copy(hashing, channel, size);
                } else {
                    copy(hashing, channel, size);
                }
                sha256 = hashing.verify(size, expectedSha256);
                channel.force(true);
            }
            Files.createDirectories(target.getParent());
            // rename(2) replaces an existing file atomically: readers see the old or the new bytes.
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            syncDirectory(target.getParent());
            return new StoredObject(key, hashing.count(), sha256);
        } catch (IOException e) {
            if (hashing.sourceFailure() != null) {
                throw ObjectStoreException.sourceFailed(key, hashing.sourceFailure());
            }
            throw failure("write " + key, e);
        } finally {
            if (!moved) {
                deleteQuietly(temporary);
            }
        }
    }

    @Override
    public InputStream get(String key) {
        Path path = resolve(key);
        if (!Files.isRegularFile(path)) {
            throw new ObjectNotFoundException(key);
        }
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        } catch (IOException e) {
            throw failure("read " + key, e);
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        Path path = resolve(key);
        Arguments.requireRange(offset, length);
        if (!Files.isRegularFile(path)) {
            throw new ObjectNotFoundException(key);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            long size = channel.size();
            if (offset >= size || length == 0) {
                channel.close();
                return InputStream.nullInputStream();
            }
            channel.position(offset);
            return new BoundedInputStream(Channels.newInputStream(channel), Math.min(length, size - offset));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        } catch (IOException e) {
            closeQuietly(channel);
            throw failure("read " + key, e);
        }
    }

    @Override
    public Optional<Path> localPath(String key) {
        Path path = resolve(key);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public Optional<ObjectStat> stat(String key) {
        Path path = resolve(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new ObjectStat(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("stat " + key, e);
        }
    }

    @Override
    public void delete(String key) {
        Path path = resolve(key);
        if (!Files.isRegularFile(path)) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (DirectoryNotEmptyException e) {
            // A directory took the file's place in between: there is no object to delete.
        } catch (IOException e) {
            throw failure("delete " + key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public StoredObject verifyAndMove(String fromKey, String toKey, long size, String expectedSha256Hex) {
        Path source = resolve(fromKey);
        Path target = resolve(toKey);
        Arguments.requireDeclaredSize(size);
        String expectedSha256 = Arguments.normalizeSha256(expectedSha256Hex);
        if (!Files.isRegularFile(source)) {
            throw new ObjectNotFoundException(fromKey);
        }
        try {
            String sha256;
            long actualSize;
            try (InputStream in = Files.newInputStream(source)) {
                HashingInputStream hashing = new HashingInputStream(in);
                hashing.transferTo(OutputStream.nullOutputStream());
                actualSize = hashing.count();
                sha256 = hashing.verify(size, expectedSha256);
            } catch (ObjectVerificationException e) {
                deleteQuietly(source);
                throw e;
            }
            Files.createDirectories(target.getParent());
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(target.getParent());
            return new StoredObject(toKey, actualSize, sha256);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(fromKey);
        } catch (IOException e) {
            throw failure("move " + fromKey + " to " + toKey, e);
        }
    }

    @Override
    public Stream<String> list(String prefix) {
        ObjectKeys.requireValidPrefix(prefix);
        Path start = root.resolve(prefix.substring(0, prefix.lastIndexOf('/') + 1));
        if (!Files.isDirectory(start)) {
            return Stream.empty();
        }
        try {
            return Files.walk(start)
                    .filter(Files::isRegularFile)
                    .map(this::keyOf)
                    .filter(key -> key.startsWith(prefix) && !ObjectKeys.isTemporary(key));
        } catch (IOException e) {
            throw failure("list " + prefix, e);
        }
    }

    @Override
    public int purgeTemporaryObjects(Instant olderThan) {
        int purged = 0;
        try (Stream<Path> temporaries = Files.list(temporaryDirectory)) {
            for (Path temporary : (Iterable<Path>) temporaries::iterator) {
                BasicFileAttributes attributes = readAttributesOrNull(temporary);
                if (attributes != null && attributes.isRegularFile()
                        && attributes.lastModifiedTime().toInstant().isBefore(olderThan)
                        && Files.deleteIfExists(temporary)) {
                    purged++;
                }
            }
        } catch (IOException e) {
            throw failure("purge temporary files", e);
        }
        return purged;
    }

    @Override
    public int purgeOlderThan(String prefix, Instant olderThan) {
        ObjectKeys.requireFolderPrefix(prefix);
        List<String> stale;
        try (Stream<String> keys = list(prefix)) {
            stale = keys.filter(key -> {
                BasicFileAttributes attributes = readAttributesOrNull(root.resolve(key));
                return attributes != null && attributes.isRegularFile()
                        && attributes.lastModifiedTime().toInstant().isBefore(olderThan);
            }).toList();
        }
        stale.forEach(this::delete);
        return stale.size();
    }

    @Override
    public Optional<URI> presignedGet(String key, Duration ttl, String downloadFilename) {
        ObjectKeys.requireValidKey(key);
        Arguments.requireTtl(ttl);
        return Optional.empty();
    }

    @Override
    public Optional<URI> presignedPut(String key, Duration ttl) {
        ObjectKeys.requireValidKey(key);
        Arguments.requireTtl(ttl);
        return Optional.empty();
    }

    @Override
    public boolean supportsMultipart() {
        return false;
    }

    @Override
    public String createMultipartUpload(String key) {
        throw multipartUnsupported();
    }

    @Override
    public URI presignedPartUrl(String key, String uploadId, int partNumber, Duration ttl) {
        throw multipartUnsupported();
    }

    @Override
    public void completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        throw multipartUnsupported();
    }

    @Override
    public void abortMultipartUpload(String key, String uploadId) {
        throw multipartUnsupported();
    }

    @Override
    public void check() {
        if (!Files.isDirectory(temporaryDirectory) || !Files.isWritable(temporaryDirectory)) {
            throw new ObjectStoreException("Filesystem store at " + root + " is not a writable directory");
        }
    }

    @Override
    public String toString() {
        return "filesystem store at " + root;
    }

    private Path resolve(String key) {
        ObjectKeys.requireValidKey(key);
        Path path = root.resolve(key).normalize();
        // The key rules already rule this out; checked again because a path escape would be a hole.
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("Object key '" + key + "' resolves outside the store");
        }
        return path;
    }

    private String keyOf(Path file) {
        return StreamSupport.stream(root.relativize(file).spliterator(), false)
                .map(Path::toString)
                .collect(Collectors.joining("/"));
    }

    /**
     * Copies {@code size} bytes (all of them when -1), stopping early when the source ends. The
     * written bytes are flushed to disk in the background while the rest arrives, every
     * {@link #FLUSH_BEHIND_BYTES}: a large object's fsync before the rename then only waits for its
     * last stretch, not for the whole file. At most one flush runs at a time; a failed one fails the
     * write.
     */
    private static void copy(InputStream in, FileChannel channel, long size) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long remaining = size < 0 ? Long.MAX_VALUE : size;
        long unflushed = 0;
        Future<?> flushing = null;
        try {
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    break;
                }
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                remaining -= n;
                unflushed += n;
                if (unflushed >= FLUSH_BEHIND_BYTES && (flushing == null || flushing.isDone())) {
                    StoreThreads.await(flushing);
                    flushing = StoreThreads.POOL.submit(() -> {
                        channel.force(false);
                        return null;
                    });
                    unflushed = 0;
                }
            }
            StoreThreads.await(flushing);
            flushing = null;
        } finally {
            if (flushing != null) {
                flushing.cancel(false);
            }
        }
    }

    /** Makes the rename durable; some platforms cannot open a directory, which only costs durability. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // best effort
        }
    }

    private static BasicFileAttributes readAttributesOrNull(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // left for purgeTemporaryObjects
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    private static UnsupportedOperationException multipartUnsupported() {
        return new UnsupportedOperationException(
                "The filesystem store has no multipart uploads; check supportsMultipart() first");
    }

    private ObjectStoreException failure(String action, IOException e) {
        return new ObjectStoreException("Filesystem store at " + root + " failed to " + action + " ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }
}
