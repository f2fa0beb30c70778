package org.selfhub.hub.storage;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import io.minio.messages.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Objects in one S3 bucket, through the MinIO client. A write is uploaded to {@code tmp/<uuid>}
 * while it is hashed, then copied server-side onto its key and the temporary object removed, so an
 * object appears under its key only once verified. Presigned URLs and multipart uploads are S3's own.
 *
 * <p>It uses {@link MinioAsyncClient} (waiting on each call) because only that client exposes the
 * low-level multipart calls in MinIO 8.6.
 */
final class S3ObjectStore implements ObjectStore, AutoCloseable {

    /** Part size when the object size is unknown: 10,000 parts of 16 MiB allow objects up to 156 GiB. */
    private static final long UNKNOWN_SIZE_PART_SIZE = 16L * 1024 * 1024;

    private static final String CONTENT_TYPE = "application/octet-stream";

    private static final Set<String> CREDENTIAL_ERRORS = Set.of(
            "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "InvalidSecurity");
    private static final Set<String> MISSING_OBJECT_ERRORS = Set.of("NoSuchKey", "NoSuchObject", "NotFound");
    private static final Set<String> REJECTED_PARTS_ERRORS = Set.of(
            "InvalidPart", "InvalidPartOrder", "EntityTooSmall", "MalformedXML");

    private final MinioAsyncClient client;
    private final String endpoint;
    private final String bucket;
    private final String region;

    /**
     * @param client   a client for {@code endpoint}; closed with this store
     * @param endpoint the endpoint URL, used in error messages
     */
    S3ObjectStore(MinioAsyncClient client, String endpoint, String bucket, String region) {
        this.client = Objects.requireNonNull(client, "client");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.region = Objects.requireNonNull(region, "region");
    }

    /** Builds the client for the given settings; does not contact the endpoint. */
    static S3ObjectStore create(String endpoint, String region, String accessKey, String secretKey, String bucket) {
        MinioAsyncClient client;
        try {
            client = MinioAsyncClient.builder()
                    .endpoint(endpoint)
                    .region(region)
                    .credentials(accessKey, secretKey)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ObjectStoreException(ObjectStoreException.Problem.UNREACHABLE,
                    "S3 store endpoint '" + endpoint + "' is not usable (" + e.getMessage() + ")", e);
        }
        // Connecting fails fast; reads and writes of large parts keep MinIO's generous defaults.
        client.setTimeout(TimeUnit.SECONDS.toMillis(10), TimeUnit.MINUTES.toMillis(5), TimeUnit.MINUTES.toMillis(5));
        return new S3ObjectStore(client, endpoint, bucket, region);
    }

    /**
     * Creates the bucket when it does not exist yet. Called once at startup, so it is also where bad
     * settings surface.
     *
     * @throws ObjectStoreException with a one-line message when the endpoint is unreachable or
     *                              rejects the credentials
     */
    void ensureBucket() {
        try {
            probeBucket();
            return;
        } catch (ErrorResponseException e) {
            if (!"NoSuchBucket".equals(e.errorResponse().code())) {
                throw failure("reach bucket " + bucket, e);
            }
        } catch (Exception e) {
            throw failure("reach bucket " + bucket, e);
        }
        try {
            await(() -> client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(region).build()));
        } catch (ErrorResponseException e) {
            // Another hub instance may have created it in between.
            if (!Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists").contains(e.errorResponse().code())) {
                throw failure("create bucket " + bucket, e);
            }
        } catch (Exception e) {
            throw failure("create bucket " + bucket, e);
        }
    }

    @Override
    public StoredObject put(String key, InputStream in, long size, String expectedSha256Hex) {
        ObjectKeys.requireValidKey(key);
        Arguments.requireDeclaredSize(size);
        String expectedSha256 = Arguments.normalizeSha256(expectedSha256Hex);
        Objects.requireNonNull(in, "in");
        String temporaryKey = ObjectKeys.TEMPORARY_PREFIX + UUID.randomUUID();
        HashingInputStream hashing = new HashingInputStream(in);
        boolean attempted = false;
        try {
            // MinIO reads exactly `size` bytes (all when -1), buffering at most one part in memory.
            PutObjectArgs args = PutObjectArgs.builder()
                    .bucket(bucket)
                    .object(temporaryKey)
                    .stream(hashing, size, size < 0 ? UNKNOWN_SIZE_PART_SIZE : -1)
                    .contentType(CONTENT_TYPE)
                    .build();
            attempted = true;
            await(() -> client.putObject(args));
            String sha256 = hashing.verify(size, expectedSha256);
            copy(temporaryKey, key);
            return new StoredObject(key, hashing.count(), sha256);
        } catch (ObjectVerificationException e) {
            throw e;
        } catch (Exception e) {
            // MinIO gives up on a short source with an IOException or InsufficientDataException.
            if (hashing.endedBefore(size)) {
                throw ObjectVerificationException.sizeMismatch(size, hashing.count());
            }
            if (hashing.sourceFailure() != null) {
                throw ObjectStoreException.sourceFailed(key, hashing.sourceFailure());
            }
            throw failure("write " + key, e);
        } finally {
            if (attempted) {
                removeQuietly(temporaryKey);
            }
        }
    }

    @Override
    public InputStream get(String key) {
        ObjectKeys.requireValidKey(key);
        try {
            return await(() -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
        } catch (ErrorResponseException e) {
            if (MISSING_OBJECT_ERRORS.contains(e.errorResponse().code())) {
                throw new ObjectNotFoundException(key);
            }
            throw failure("read " + key, e);
        } catch (Exception e) {
            throw failure("read " + key, e);
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        ObjectKeys.requireValidKey(key);
        Arguments.requireRange(offset, length);
        if (length == 0) {
            requireExists(key);
            return InputStream.nullInputStream();
        }
        try {
            GetObjectArgs args = GetObjectArgs.builder().bucket(bucket).object(key)
                    .offset(offset).length(length).build();
            return await(() -> client.getObject(args));
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if (MISSING_OBJECT_ERRORS.contains(code)) {
                throw new ObjectNotFoundException(key);
            }
            if ("InvalidRange".equals(code)) {
                // S3 answers 416 when the range starts at or past the end; the port promises no bytes.
                requireExists(key);
                return InputStream.nullInputStream();
            }
            throw failure("read " + key, e);
        } catch (Exception e) {
            throw failure("read " + key, e);
        }
    }

    @Override
    public Optional<ObjectStat> stat(String key) {
        ObjectKeys.requireValidKey(key);
        return statObject(key);
    }

    @Override
    public void delete(String key) {
        ObjectKeys.requireValidKey(key);
        try {
            remove(key);
        } catch (Exception e) {
            throw failure("delete " + key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        return stat(key).isPresent();
    }

    @Override
    public StoredObject verifyAndMove(String fromKey, String toKey, long size, String expectedSha256Hex) {
        ObjectKeys.requireValidKey(fromKey);
        ObjectKeys.requireValidKey(toKey);
        Arguments.requireDeclaredSize(size);
        String expectedSha256 = Arguments.normalizeSha256(expectedSha256Hex);
        String sha256;
        long actualSize;
        try (InputStream in = get(fromKey)) {
            HashingInputStream hashing = new HashingInputStream(in);
            hashing.transferTo(OutputStream.nullOutputStream());
            actualSize = hashing.count();
            sha256 = hashing.verify(size, expectedSha256);
        } catch (ObjectVerificationException e) {
            removeQuietly(fromKey);
            throw e;
        } catch (IOException e) {
            throw failure("read " + fromKey, e);
        }
        try {
            copy(fromKey, toKey);
            remove(fromKey);
        } catch (Exception e) {
            throw failure("move " + fromKey + " to " + toKey, e);
        }
        return new StoredObject(toKey, actualSize, sha256);
    }

    @Override
    public Stream<String> list(String prefix) {
        ObjectKeys.requireValidPrefix(prefix);
        return listItems(prefix)
                .map(Item::objectName)
                .filter(key -> !ObjectKeys.isTemporary(key));
    }

    @Override
    public int purgeOlderThan(String prefix, Instant olderThan) {
        ObjectKeys.requireFolderPrefix(prefix);
        List<String> stale;
        try (Stream<Item> items = listItems(prefix)) {
            stale = items
                    .filter(item -> !ObjectKeys.isTemporary(item.objectName()))
                    .filter(item -> item.lastModified() != null && item.lastModified().toInstant().isBefore(olderThan))
                    .map(Item::objectName)
                    .toList();
        }
        for (String key : stale) {
            delete(key);
        }
        return stale.size();
    }

    @Override
    public int purgeTemporaryObjects(Instant olderThan) {
        List<String> stale;
        try (Stream<Item> temporaries = listItems(ObjectKeys.TEMPORARY_PREFIX)) {
            stale = temporaries
                    .filter(item -> item.lastModified() != null && item.lastModified().toInstant().isBefore(olderThan))
                    .map(Item::objectName)
                    .toList();
        }
        for (String key : stale) {
            try {
                remove(key);
            } catch (Exception e) {
                throw failure("purge " + key, e);
            }
        }
        return stale.size();
    }

    @Override
    public Optional<URI> presignedGet(String key, Duration ttl, String downloadFilename) {
        ObjectKeys.requireValidKey(key);
        Arguments.requireTtl(ttl);
        Map<String, String> query = downloadFilename == null
                ? Map.of()
                : Map.of("response-content-disposition", attachment(downloadFilename));
        return Optional.of(presign(Method.GET, key, ttl, query));
    }

    @Override
    public Optional<URI> presignedPut(String key, Duration ttl) {
        ObjectKeys.requireValidKey(key);
        Arguments.requireTtl(ttl);
        return Optional.of(presign(Method.PUT, key, ttl, Map.of()));
    }

    @Override
    public boolean supportsMultipart() {
        return true;
    }

    @Override
    public String createMultipartUpload(String key) {
        ObjectKeys.requireValidKey(key);
        Multimap<String, String> headers = HashMultimap.create();
        headers.put("Content-Type", CONTENT_TYPE);
        try {
            return await(() -> client.createMultipartUploadAsync(bucket, region, key, headers, HashMultimap.create()))
                    .result().uploadId();
        } catch (Exception e) {
            throw failure("start a multipart upload to " + key, e);
        }
    }

    @Override
    public URI presignedPartUrl(String key, String uploadId, int partNumber, Duration ttl) {
        ObjectKeys.requireValidKey(key);
        Objects.requireNonNull(uploadId, "uploadId");
        Arguments.requirePartNumber(partNumber);
        Arguments.requireTtl(ttl);
        // An UploadPart request is a PUT with these two query parameters, so a presigned PUT that
        // signs them lets the client upload the part directly (S3 API, UploadPart).
        return presign(Method.PUT, key, ttl, Map.of(
                "partNumber", Integer.toString(partNumber),
                "uploadId", uploadId));
    }

    @Override
    public void completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        ObjectKeys.requireValidKey(key);
        Objects.requireNonNull(uploadId, "uploadId");
        if (parts == null || parts.isEmpty()) {
            throw new ObjectVerificationException("A multipart upload needs at least one part");
        }
        Part[] sorted = parts.stream()
                .sorted(Comparator.comparingInt(CompletedPart::partNumber))
                .map(part -> new Part(Arguments.requirePartNumber(part.partNumber()), part.etag()))
                .toArray(Part[]::new);
        try {
            await(() -> client.completeMultipartUploadAsync(bucket, region, key, uploadId, sorted,
                    HashMultimap.create(), HashMultimap.create()));
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            // S3 says NoSuchUpload; S3Proxy says NoSuchKey.
            if ("NoSuchUpload".equals(code) || "NoSuchKey".equals(code)) {
                throw new ObjectNotFoundException(key, "No multipart upload " + uploadId + " for key " + key);
            }
            if (REJECTED_PARTS_ERRORS.contains(code)) {
                throw new ObjectVerificationException("The uploaded parts were rejected (" + code + ")");
            }
            throw failure("complete the multipart upload to " + key, e);
        } catch (Exception e) {
            throw failure("complete the multipart upload to " + key, e);
        }
    }

    @Override
    public void abortMultipartUpload(String key, String uploadId) {
        ObjectKeys.requireValidKey(key);
        Objects.requireNonNull(uploadId, "uploadId");
        try {
            await(() -> client.abortMultipartUploadAsync(bucket, region, key, uploadId,
                    HashMultimap.create(), HashMultimap.create()));
        } catch (ErrorResponseException e) {
            if (!"NoSuchUpload".equals(e.errorResponse().code())) {
                throw failure("abort the multipart upload to " + key, e);
            }
        } catch (Exception e) {
            throw failure("abort the multipart upload to " + key, e);
        }
    }

    @Override
    public void check() {
        try {
            probeBucket();
        } catch (Exception e) {
            throw failure("reach bucket " + bucket, e);
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
    }

    @Override
    public String toString() {
        return "S3 store at " + endpoint + ", bucket " + bucket;
    }

    /**
     * Lists at most one key. Unlike HEAD (bucketExists), a GET answers with an error document, so a
     * bad secret shows up as SignatureDoesNotMatch rather than a bare 403.
     */
    private void probeBucket() throws Exception {
        Iterator<Result<Item>> page = client.listObjects(
                ListObjectsArgs.builder().bucket(bucket).maxKeys(1).build()).iterator();
        if (page.hasNext()) {
            page.next().get();
        }
    }

    private Stream<Item> listItems(String prefix) {
        Iterable<Result<Item>> results = client.listObjects(ListObjectsArgs.builder()
                .bucket(bucket).prefix(prefix).recursive(true).build());
        return StreamSupport.stream(results.spliterator(), false)
                .map(result -> {
                    try {
                        return result.get();
                    } catch (Exception e) {
                        throw failure("list " + prefix, e);
                    }
                })
                .filter(item -> !item.isDir());
    }

    private Optional<ObjectStat> statObject(String key) {
        try {
            StatObjectResponse stat = await(() -> client.statObject(
                    StatObjectArgs.builder().bucket(bucket).object(key).build()));
            return Optional.of(new ObjectStat(key, stat.size(), stat.lastModified().toInstant()));
        } catch (ErrorResponseException e) {
            if (MISSING_OBJECT_ERRORS.contains(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw failure("stat " + key, e);
        } catch (Exception e) {
            throw failure("stat " + key, e);
        }
    }

    private void requireExists(String key) {
        if (statObject(key).isEmpty()) {
            throw new ObjectNotFoundException(key);
        }
    }

    /** Server-side copy; MinIO switches to a multipart copy for sources above 5 GiB. */
    private void copy(String fromKey, String toKey) throws Exception {
        await(() -> client.copyObject(CopyObjectArgs.builder()
                .bucket(bucket)
                .object(toKey)
                .source(CopySource.builder().bucket(bucket).object(fromKey).build())
                .build()));
    }

    private void remove(String key) throws Exception {
        await(() -> client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    private void removeQuietly(String key) {
        try {
            remove(key);
        } catch (Exception e) {
            // left for purgeTemporaryObjects
        }
    }

    private URI presign(Method method, String key, Duration ttl, Map<String, String> query) {
        try {
            return URI.create(client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(method)
                    .bucket(bucket)
                    .object(key)
                    .expiry((int) ttl.toSeconds(), TimeUnit.SECONDS)
                    .extraQueryParams(query)
                    .build()));
        } catch (Exception e) {
            throw failure("sign a URL for " + key, e);
        }
    }

    /**
     * {@code attachment} with an ASCII fallback {@code filename} and, when the name is not plain
     * ASCII, the exact name as RFC 6266 / RFC 5987 {@code filename*}.
     */
    static String attachment(String filename) {
        StringBuilder ascii = new StringBuilder();
        boolean plain = true;
        for (int i = 0; i < filename.length(); i++) {
            char c = filename.charAt(i);
            boolean safe = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
            ascii.append(safe ? c : '_');
            plain &= safe;
        }
        String header = "attachment; filename=\"" + ascii + "\"";
        if (plain) {
            return header;
        }
        String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        return header + "; filename*=UTF-8''" + encoded;
    }

    @FunctionalInterface
    private interface S3Call<T> {
        CompletableFuture<T> start() throws Exception;
    }

    /** Waits for an asynchronous MinIO call and rethrows what made it fail, unwrapped. */
    private static <T> T await(S3Call<T> call) throws Exception {
        try {
            return call.start().get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e;
            while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for the S3 store");
        }
    }

    /** One line naming the store and the cause, for logs and startup errors. */
    private ObjectStoreException failure(String action, Exception e) {
        if (e instanceof ObjectStoreException storeException) {
            return storeException;
        }
        String prefix = "S3 store at " + endpoint;
        String message;
        ObjectStoreException.Problem problem = ObjectStoreException.Problem.OTHER;
        if (e instanceof ErrorResponseException response) {
            String code = response.errorResponse().code();
            if (CREDENTIAL_ERRORS.contains(code)) {
                message = prefix + " rejected the credentials (" + code + ")";
                problem = ObjectStoreException.Problem.CREDENTIALS_REJECTED;
            } else if ("AccessDenied".equals(code)) {
                message = prefix + " denied access to bucket " + bucket + " (AccessDenied)";
                problem = ObjectStoreException.Problem.CREDENTIALS_REJECTED;
            } else if ("NoSuchBucket".equals(code)) {
                message = prefix + " has no bucket " + bucket + " (NoSuchBucket)";
            } else {
                message = prefix + " failed to " + action + " (" + code + ": " + response.errorResponse().message()
                        + ")";
            }
        } else if (e instanceof ConnectException || e instanceof UnknownHostException
                || e instanceof NoRouteToHostException || e instanceof SocketTimeoutException) {
            message = prefix + " is unreachable (" + describe(e) + ")";
            problem = ObjectStoreException.Problem.UNREACHABLE;
        } else {
            message = prefix + " failed to " + action + " (" + describe(e) + ")";
        }
        return new ObjectStoreException(problem, oneLine(message), e);
    }

    private static String describe(Throwable e) {
        String text = e.getMessage();
        return e.getClass().getSimpleName() + (text == null || text.isBlank() ? "" : ": " + text);
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
