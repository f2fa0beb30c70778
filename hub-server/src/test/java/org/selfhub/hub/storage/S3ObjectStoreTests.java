package org.selfhub.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract against a real S3 server (S3Proxy, in process), plus the S3-only startup checks. */
class S3ObjectStoreTests extends ObjectStoreContractTests {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static S3ProxyServer s3;
    private static MinioClient raw;

    private String bucket;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
        raw = MinioClient.builder().endpoint(s3.endpoint()).region(s3.region())
                .credentials(s3.accessKey(), s3.secretKey()).build();
    }

    @AfterAll
    static void stopS3() throws Exception {
        raw.close();
        s3.close();
    }

    @Override
    protected ObjectStore createStore() {
        // A fresh bucket per test keeps the contract's "empty store" assumption.
        bucket = "hub-test-" + BUCKETS.incrementAndGet();
        S3ObjectStore created = S3ObjectStore.create(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(),
                bucket);
        created.ensureBucket();
        return created;
    }

    @AfterEach
    void emptyBucket() throws Exception {
        // The 50 MB object and the multipart objects would otherwise pile up on disk until the end.
        for (String key : everythingStored()) {
            raw.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        }
    }

    @Override
    protected boolean signsUrls() {
        return true;
    }

    @Override
    protected List<String> everythingStored() throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> result : raw.listObjects(
                ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(result.get().objectName());
        }
        return keys;
    }

    @Override
    protected void leaveTemporaryObject(String name) throws Exception {
        // S3 sets the modification time itself, so the "stale" cutoff in the contract test is in the future.
        raw.putObject(PutObjectArgs.builder().bucket(bucket).object("tmp/" + name)
                .stream(new ByteArrayInputStream(new byte[7]), 7, -1).build());
    }

    @Test
    void createsTheBucketWhenAbsentAndAcceptsItWhenPresent() throws Exception {
        assertThat(raw.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isTrue();

        ((S3ObjectStore) store).ensureBucket();

        assertThat(raw.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isTrue();
    }

    @Test
    void rejectsAWrongSecretKeyWithAOneLineMessage() throws Exception {
        try (S3ObjectStore wrongSecret = S3ObjectStore.create(s3.endpoint(), s3.region(), s3.accessKey(),
                "not-the-secret", "hub-wrong-secret")) {
            assertThatThrownBy(wrongSecret::ensureBucket)
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessage("S3 store at " + s3.endpoint() + " rejected the credentials (SignatureDoesNotMatch)");
            assertThatThrownBy(wrongSecret::check)
                    .hasMessage("S3 store at " + s3.endpoint() + " rejected the credentials (SignatureDoesNotMatch)");
        }
    }

    @Test
    void rejectsAnUnknownAccessKeyWithAOneLineMessage() throws Exception {
        try (S3ObjectStore wrongKey = S3ObjectStore.create(s3.endpoint(), s3.region(), "nobody", s3.secretKey(),
                "hub-wrong-key")) {
            assertThatThrownBy(wrongKey::ensureBucket)
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessage("S3 store at " + s3.endpoint() + " rejected the credentials (InvalidAccessKeyId)");
        }
    }

    @Test
    void reportsAnUnreachableEndpointInOneLine() throws Exception {
        String endpoint = "http://127.0.0.1:" + unusedPort();
        try (S3ObjectStore unreachable = S3ObjectStore.create(endpoint, s3.region(), s3.accessKey(), s3.secretKey(),
                "hub-unreachable")) {
            assertThatThrownBy(unreachable::ensureBucket)
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageStartingWith("S3 store at " + endpoint + " is unreachable (ConnectException")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void checkFailsOnceTheBucketIsGone() throws Exception {
        raw.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());

        assertThatThrownBy(store::check)
                .isInstanceOf(ObjectStoreException.class)
                .hasMessage("S3 store at " + s3.endpoint() + " has no bucket " + bucket + " (NoSuchBucket)");

        ((S3ObjectStore) store).ensureBucket();
        store.check();
    }

    @Test
    void rejectsAMultipartCompletionWithAWrongEtag() throws Exception {
        String uploadId = store.createMultipartUpload("staging/wrong-etag");
        try {
            assertThatThrownBy(() -> store.completeMultipartUpload("staging/wrong-etag", uploadId,
                    List.of(new CompletedPart(1, "\"0123456789abcdef0123456789abcdef\""))))
                    .isInstanceOf(ObjectVerificationException.class)
                    .hasMessageStartingWith("The uploaded parts were rejected (");
        } finally {
            store.abortMultipartUpload("staging/wrong-etag", uploadId);
        }
        assertThat(store.exists("staging/wrong-etag")).isFalse();
    }

    @Test
    void signsPartUrlsForTheUploadAndPart() {
        String uploadId = store.createMultipartUpload("staging/signed");
        try {
            String query = store.presignedPartUrl("staging/signed", uploadId, 7, Duration.ofMinutes(1))
                    .getRawQuery();
            assertThat(query).contains("partNumber=7").contains("uploadId=").contains("X-Amz-Signature=");
            assertThatThrownBy(() -> store.presignedPartUrl("staging/signed", uploadId, 0,
                    Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.presignedPartUrl("staging/signed", uploadId, 10_001,
                    Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        } finally {
            store.abortMultipartUpload("staging/signed", uploadId);
        }
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
