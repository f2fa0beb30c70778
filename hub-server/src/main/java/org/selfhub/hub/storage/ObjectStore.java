package org.selfhub.hub.storage;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the hub keeps large file bytes: a flat namespace of immutable-once-verified objects under
 * plain string keys such as {@code lfs/ab/cd/<sha256>}.
 *
 * <p><b>Keys</b> are relative, {@code /}-separated paths: non-empty segments, no {@code .} or
 * {@code ..} segment, no backslash, no control character, at most 1024 UTF-8 bytes. The top-level
 * segment {@code tmp} is reserved for the store's own in-flight writes and never listed. An invalid
 * key is a programming error and fails with {@link IllegalArgumentException}.
 *
 * <p><b>Failures</b>: a missing object is {@link ObjectNotFoundException}, bytes that do not match
 * what the caller declared are {@link ObjectVerificationException}, and a store that does not answer
 * or fails is {@link ObjectStoreException}.
 */
public interface ObjectStore {

    /** The largest part number of a multipart upload. */
    int MAX_PART_NUMBER = 10_000;

    /** The longest lifetime of a presigned URL (the S3 limit). */
    Duration MAX_PRESIGNED_TTL = Duration.ofDays(7);

    /**
     * Streams {@code in} into the store under {@code key}, hashing while it writes, and makes the
     * object visible only once the bytes are verified. The stream is read to its end (or to one byte
     * past {@code size}) and is not closed. Memory use does not grow with the object size.
     *
     * <p>An existing object under {@code key} is replaced atomically; readers see either the old or
     * the new bytes. When verification fails, nothing changes under {@code key} and no temporary
     * object is left reachable.
     *
     * @param key               where the object goes
     * @param in                the bytes
     * @param size              the declared size in bytes, or {@code -1} when unknown
     * @param expectedSha256Hex the declared sha256 (64 hex digits), or {@code null} to skip the check
     * @return the stored object with its actual size and sha256
     * @throws ObjectVerificationException when the byte count differs from {@code size} or the sha256
     *                                     differs from {@code expectedSha256Hex}
     */
    StoredObject put(String key, InputStream in, long size, String expectedSha256Hex);

    /**
     * Opens the whole object for reading. The caller closes the stream.
     *
     * @throws ObjectNotFoundException when no object exists under {@code key}
     */
    InputStream get(String key);

    /**
     * Opens part of the object for reading: at most {@code length} bytes starting at {@code offset},
     * fewer when the object ends first, none when {@code offset} is at or past the end. The caller
     * closes the stream.
     *
     * @throws ObjectNotFoundException  when no object exists under {@code key}
     * @throws IllegalArgumentException when {@code offset} or {@code length} is negative
     */
    InputStream get(String key, long offset, long length);

    /**
     * The local file that holds the object, for zero-copy serving (sendfile), when this store keeps
     * objects as plain files on this machine; empty when it does not or no object exists under
     * {@code key}. Callers only read the file, and must be ready for it to be gone by then.
     */
    default Optional<Path> localPath(String key) {
        ObjectKeys.requireValidKey(key);
        return Optional.empty();
    }

    /** The object's size and last modification time, or empty when no object exists under {@code key}. */
    Optional<ObjectStat> stat(String key);

    /** Removes the object under {@code key}; does nothing when there is none. */
    void delete(String key);

    /** Whether an object exists under {@code key}. */
    boolean exists(String key);

    /**
     * Checks the object under {@code fromKey} against the declared size and sha256 by streaming it
     * once, then moves it to {@code toKey} (replacing what is there) and removes {@code fromKey}.
     * This is how bytes that a client wrote straight into the store (a presigned PUT or a multipart
     * upload to a staging key) become visible under their content address only after verification.
     * When the check fails, {@code fromKey} is removed and nothing changes under {@code toKey}.
     *
     * @param size              the declared size in bytes, or {@code -1} to skip the check
     * @param expectedSha256Hex the declared sha256, or {@code null} to skip the check
     * @return the object now under {@code toKey}
     * @throws ObjectNotFoundException     when no object exists under {@code fromKey}
     * @throws ObjectVerificationException when the size or sha256 differs
     */
    StoredObject verifyAndMove(String fromKey, String toKey, long size, String expectedSha256Hex);

    /**
     * Lists the keys that start with {@code prefix} (use {@code ""} for all), in no particular order,
     * lazily: the store is read page by page as the stream is consumed. Keys of the store's own
     * in-flight writes are never listed. Close the stream (try-with-resources) when done.
     */
    Stream<String> list(String prefix);

    /**
     * Removes the store's own temporary objects (left behind when the process died mid-write) that
     * were last modified before {@code olderThan}. Meant for the garbage collection job; pass a cutoff
     * well before now so that writes in flight are not disturbed.
     *
     * @return how many temporary objects were removed
     */
    int purgeTemporaryObjects(Instant olderThan);

    /**
     * Removes the objects whose keys start with {@code prefix} (not {@code ""}) and that were last
     * modified before {@code olderThan}: uploads abandoned in a staging area. The store's own
     * temporary objects are left to {@link #purgeTemporaryObjects}.
     *
     * @return how many objects were removed
     */
    int purgeOlderThan(String prefix, Instant olderThan);

    /**
     * A URL that lets anyone holding it download the object until {@code ttl} has passed, or empty
     * when the store cannot sign URLs (the filesystem store: the hub serves the bytes itself).
     *
     * @param downloadFilename when not null, the response carries
     *                         {@code Content-Disposition: attachment} with this file name
     * @throws IllegalArgumentException when {@code ttl} is not between one second and seven days
     */
    Optional<URI> presignedGet(String key, Duration ttl, String downloadFilename);

    /**
     * A URL that lets anyone holding it upload the object with a plain HTTP {@code PUT} until
     * {@code ttl} has passed, or empty when the store cannot sign URLs. Bytes uploaded this way are
     * not verified: upload to a staging key and {@link #verifyAndMove} them.
     *
     * @throws IllegalArgumentException when {@code ttl} is not between one second and seven days
     */
    Optional<URI> presignedPut(String key, Duration ttl);

    /** Whether this store supports the multipart methods below; when false, they throw. */
    boolean supportsMultipart();

    /**
     * Starts a multipart upload to {@code key}. Parts are then uploaded with plain HTTP {@code PUT}s
     * to {@link #presignedPartUrl}s; every part but the last must be at least 5 MiB. The assembled
     * object is not verified: upload to a staging key and {@link #verifyAndMove} it.
     *
     * @return the upload id
     * @throws UnsupportedOperationException when {@link #supportsMultipart()} is false
     */
    String createMultipartUpload(String key);

    /**
     * A URL to which a client {@code PUT}s one part of a multipart upload; the response's
     * {@code ETag} header is what {@link #completeMultipartUpload} needs back.
     *
     * @param partNumber 1 to {@value #MAX_PART_NUMBER}
     * @throws UnsupportedOperationException when {@link #supportsMultipart()} is false
     */
    URI presignedPartUrl(String key, String uploadId, int partNumber, Duration ttl);

    /**
     * Assembles the uploaded parts, in part number order, into the object under {@code key}.
     *
     * @throws ObjectVerificationException   when the store rejects the parts (a wrong ETag, a part
     *                                       missing or too small)
     * @throws ObjectNotFoundException       when the upload does not exist (completed or aborted)
     * @throws UnsupportedOperationException when {@link #supportsMultipart()} is false
     */
    void completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts);

    /**
     * Abandons a multipart upload and frees its parts; does nothing when the upload no longer exists.
     *
     * @throws UnsupportedOperationException when {@link #supportsMultipart()} is false
     */
    void abortMultipartUpload(String key, String uploadId);

    /**
     * A cheap liveness probe for the health indicator: returns when the store answers and can be
     * written to as configured.
     *
     * @throws ObjectStoreException with a one-line reason when it cannot
     */
    void check();
}
