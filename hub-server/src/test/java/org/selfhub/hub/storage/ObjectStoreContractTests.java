package org.selfhub.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link ObjectStore} promises, run against each adapter by a subclass. Bytes
 * are compared by sha256 (or exactly, for small slices); contents are generated on the fly.
 */
abstract class ObjectStoreContractTests {

    private static final long MIB = 1024 * 1024;
    private static final Duration TTL = Duration.ofMinutes(5);

    protected ObjectStore store;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A new, empty store for one test. */
    protected abstract ObjectStore createStore() throws Exception;

    /** Whether this adapter signs URLs and does multipart uploads (S3) or not (filesystem). */
    protected abstract boolean signsUrls();

    /**
     * Every object in the backing storage, the adapter's own temporary objects included, as
     * storage-relative names. What a failed write must leave empty.
     */
    protected abstract List<String> everythingStored() throws Exception;

    /** Leaves a temporary object named {@code name} behind, as a write interrupted by a crash would. */
    protected abstract void leaveTemporaryObject(String name) throws Exception;

    @BeforeEach
    void createEmptyStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    // ---- put and get ----

    @Test
    void storesAndReadsBackTheExactBytes() {
        GeneratedContent content = GeneratedContent.of(100_000, 1);
        String key = lfsKey(content);

        StoredObject stored = store.put(key, content.stream(), content.size(), content.sha256Hex());

        assertThat(stored).isEqualTo(new StoredObject(key, content.size(), content.sha256Hex()));
        assertThat(GeneratedContent.sha256Hex(store.get(key))).isEqualTo(content.sha256Hex());
        assertThat(store.exists(key)).isTrue();
    }

    @Test
    void computesSizeAndSha256WhenNeitherIsDeclared() {
        GeneratedContent content = GeneratedContent.of(12_345, 2);

        StoredObject stored = store.put("uploads/unknown-size", content.stream(), -1, null);

        assertThat(stored).isEqualTo(new StoredObject("uploads/unknown-size", 12_345, content.sha256Hex()));
        assertThat(GeneratedContent.sha256Hex(store.get("uploads/unknown-size"))).isEqualTo(content.sha256Hex());
    }

    @Test
    void acceptsAnUppercaseExpectedSha256AndReportsItLowercase() {
        GeneratedContent content = GeneratedContent.of(100, 3);

        StoredObject stored = store.put("a/b", content.stream(), 100, content.sha256Hex().toUpperCase());

        assertThat(stored.sha256Hex()).isEqualTo(content.sha256Hex());
    }

    @Test
    void storesAnEmptyObject() {
        String emptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        StoredObject stored = store.put("empty/object", InputStream.nullInputStream(), 0, emptySha256);

        assertThat(stored).isEqualTo(new StoredObject("empty/object", 0, emptySha256));
        assertThat(readAll(store.get("empty/object"))).isEmpty();
        assertThat(store.stat("empty/object")).map(ObjectStat::size).contains(0L);
    }

    @Test
    void doesNotCloseTheCallersStream() throws IOException {
        GeneratedContent content = GeneratedContent.of(10, 4);
        CloseTrackingInputStream in = new CloseTrackingInputStream(content.stream());

        store.put("a/b", in, 10, content.sha256Hex());

        assertThat(in.closed).isFalse();
        in.close();
    }

    @Test
    void statReportsSizeAndLastModified() {
        GeneratedContent content = GeneratedContent.of(4_321, 5);
        Instant before = Instant.now();
        store.put("a/stat", content.stream(), content.size(), null);
        Instant after = Instant.now();

        ObjectStat stat = store.stat("a/stat").orElseThrow();

        assertThat(stat.key()).isEqualTo("a/stat");
        assertThat(stat.size()).isEqualTo(4_321);
        // S3 keeps whole seconds.
        assertThat(stat.lastModified()).isBetween(before.minusSeconds(2), after.plusSeconds(2));
    }

    // ---- ranged reads ----

    @Test
    void readsRangesAtTheStartTheMiddleAndTheEnd() {
        GeneratedContent content = GeneratedContent.of(10_000, 6);
        String key = lfsKey(content);
        store.put(key, content.stream(), content.size(), content.sha256Hex());

        assertThat(readAll(store.get(key, 0, 100))).isEqualTo(content.bytes(0, 100));
        assertThat(readAll(store.get(key, 4_321, 1_000))).isEqualTo(content.bytes(4_321, 1_000));
        assertThat(readAll(store.get(key, 9_990, 10))).isEqualTo(content.bytes(9_990, 10));
        assertThat(readAll(store.get(key, 0, 10_000))).isEqualTo(content.bytes());
    }

    @Test
    void endsARangeThatRunsPastTheEndOfTheObject() {
        GeneratedContent content = GeneratedContent.of(1_000, 7);
        store.put("a/range", content.stream(), content.size(), null);

        assertThat(readAll(store.get("a/range", 990, 100))).isEqualTo(content.bytes(990, 10));
        assertThat(readAll(store.get("a/range", 999, Long.MAX_VALUE - 999))).isEqualTo(content.bytes(999, 1));
    }

    @Test
    void readsNoBytesForARangeAtOrPastTheEndOrOfLengthZero() {
        GeneratedContent content = GeneratedContent.of(1_000, 8);
        store.put("a/range", content.stream(), content.size(), null);

        assertThat(readAll(store.get("a/range", 1_000, 10))).isEmpty();
        assertThat(readAll(store.get("a/range", 5_000, 10))).isEmpty();
        assertThat(readAll(store.get("a/range", 10, 0))).isEmpty();
    }

    @Test
    void rejectsANegativeRange() {
        store.put("a/range", new ByteArrayInputStream(new byte[10]), 10, null);

        assertThatThrownBy(() -> store.get("a/range", -1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get("a/range", 0, -5)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- missing objects ----

    @Test
    void reportsAMissingObject() {
        String key = "lfs/00/00/missing";

        assertThatThrownBy(() -> store.get(key))
                .isInstanceOfSatisfying(ObjectNotFoundException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessage("No object under key " + key);
        assertThatThrownBy(() -> store.get(key, 0, 10)).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> store.get(key, 0, 0)).isInstanceOf(ObjectNotFoundException.class);
        assertThat(store.stat(key)).isEmpty();
        assertThat(store.exists(key)).isFalse();
    }

    @Test
    void treatsAKeyPrefixAsNoObject() {
        store.put("dir/file", new ByteArrayInputStream(new byte[3]), 3, null);

        assertThat(store.exists("dir")).isFalse();
        assertThat(store.stat("dir")).isEmpty();
        assertThatThrownBy(() -> store.get("dir")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(keys("")).containsExactly("dir/file");
    }

    // ---- verification ----

    @Test
    void rejectsAWrongSha256AndLeavesNothingVisible() throws Exception {
        GeneratedContent content = GeneratedContent.of(50_000, 9);
        String wrongSha256 = GeneratedContent.of(50_000, 10).sha256Hex();
        String key = "lfs/ab/cd/" + wrongSha256;

        assertThatThrownBy(() -> store.put(key, content.stream(), content.size(), wrongSha256))
                .isInstanceOf(ObjectVerificationException.class)
                .hasMessage("Uploaded content has sha256 " + content.sha256Hex() + ", expected " + wrongSha256);

        assertNothingStoredUnder(key);
    }

    @Test
    void rejectsContentShorterThanDeclaredAndLeavesNothingVisible() throws Exception {
        GeneratedContent content = GeneratedContent.of(50_000, 11);
        String key = lfsKey(content);

        assertThatThrownBy(() -> store.put(key, content.stream(), 50_001, content.sha256Hex()))
                .isInstanceOf(ObjectVerificationException.class)
                .hasMessage("Uploaded content has 50000 bytes, expected 50001");

        assertNothingStoredUnder(key);
    }

    @Test
    void rejectsContentLongerThanDeclaredAndLeavesNothingVisible() throws Exception {
        GeneratedContent content = GeneratedContent.of(50_000, 12);
        String key = lfsKey(content);

        assertThatThrownBy(() -> store.put(key, content.stream(), 49_999, null))
                .isInstanceOf(ObjectVerificationException.class)
                .hasMessage("Uploaded content is longer than the declared 49999 bytes");

        assertNothingStoredUnder(key);
    }

    @Test
    void rejectsAWrongSha256OfAnObjectOfUnknownSize() throws Exception {
        GeneratedContent content = GeneratedContent.of(1_000, 13);
        String wrongSha256 = "0".repeat(64);

        assertThatThrownBy(() -> store.put("a/unknown", content.stream(), -1, wrongSha256))
                .isInstanceOf(ObjectVerificationException.class)
                .hasMessage("Uploaded content has sha256 " + content.sha256Hex() + ", expected " + wrongSha256);

        assertNothingStoredUnder("a/unknown");
    }

    @Test
    void keepsTheExistingObjectWhenAReplacementFailsVerification() {
        GeneratedContent original = GeneratedContent.of(2_000, 14);
        GeneratedContent replacement = GeneratedContent.of(2_000, 15);
        store.put("a/keep", original.stream(), original.size(), original.sha256Hex());

        assertThatThrownBy(() -> store.put("a/keep", replacement.stream(), replacement.size(), original.sha256Hex()))
                .isInstanceOf(ObjectVerificationException.class);

        assertThat(GeneratedContent.sha256Hex(store.get("a/keep"))).isEqualTo(original.sha256Hex());
        assertThat(keys("")).containsExactly("a/keep");
    }

    @Test
    void rejectsAMalformedExpectedSha256BeforeWriting() throws Exception {
        assertThatThrownBy(() -> store.put("a/b", new ByteArrayInputStream(new byte[1]), 1, "abc"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put("a/b", new ByteArrayInputStream(new byte[1]), -2, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(everythingStored()).isEmpty();
    }

    @Test
    void overwritesAnExistingObjectWithTheSameContent() {
        GeneratedContent content = GeneratedContent.of(3_000, 16);
        String key = lfsKey(content);
        store.put(key, content.stream(), content.size(), content.sha256Hex());

        StoredObject again = store.put(key, content.stream(), content.size(), content.sha256Hex());

        assertThat(again).isEqualTo(new StoredObject(key, content.size(), content.sha256Hex()));
        assertThat(GeneratedContent.sha256Hex(store.get(key))).isEqualTo(content.sha256Hex());
        assertThat(keys("")).containsExactly(key);
    }

    @Test
    void replacesAnExistingObjectWithNewContent() {
        GeneratedContent first = GeneratedContent.of(3_000, 17);
        GeneratedContent second = GeneratedContent.of(1_500, 18);
        store.put("a/replace", first.stream(), first.size(), null);

        store.put("a/replace", second.stream(), second.size(), second.sha256Hex());

        assertThat(GeneratedContent.sha256Hex(store.get("a/replace"))).isEqualTo(second.sha256Hex());
        assertThat(store.stat("a/replace")).map(ObjectStat::size).contains(1_500L);
    }

    // ---- delete, list ----

    @Test
    void deleteIsIdempotent() {
        GeneratedContent content = GeneratedContent.of(100, 19);
        store.put("a/delete", content.stream(), content.size(), null);

        store.delete("a/delete");
        store.delete("a/delete");
        store.delete("never/existed");

        assertThat(store.exists("a/delete")).isFalse();
        assertThatThrownBy(() -> store.get("a/delete")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(keys("")).isEmpty();
    }

    @Test
    void listsTheKeysUnderAPrefix() {
        for (String key : List.of("lfs/aa/01/x", "lfs/aa/02/y", "lfs/ab/01/z", "other/w", "lfsx")) {
            store.put(key, new ByteArrayInputStream(key.getBytes(StandardCharsets.UTF_8)), -1, null);
        }

        assertThat(keys("")).containsExactlyInAnyOrder("lfs/aa/01/x", "lfs/aa/02/y", "lfs/ab/01/z", "other/w", "lfsx");
        assertThat(keys("lfs/")).containsExactlyInAnyOrder("lfs/aa/01/x", "lfs/aa/02/y", "lfs/ab/01/z");
        assertThat(keys("lfs/aa")).containsExactlyInAnyOrder("lfs/aa/01/x", "lfs/aa/02/y");
        assertThat(keys("lfs")).containsExactlyInAnyOrder("lfs/aa/01/x", "lfs/aa/02/y", "lfs/ab/01/z", "lfsx");
        assertThat(keys("lfs/aa/01/x")).containsExactly("lfs/aa/01/x");
        assertThat(keys("nothing/")).isEmpty();
    }

    @Test
    void purgesOnlyStaleTemporaryObjectsAndNeverListsThem() throws Exception {
        store.put("a/kept", new ByteArrayInputStream(new byte[5]), 5, null);
        leaveTemporaryObject("crashed-write");

        assertThat(keys("")).containsExactly("a/kept");
        assertThat(store.purgeTemporaryObjects(Instant.now().minus(Duration.ofHours(1)))).isZero();
        assertThat(everythingStored()).hasSize(2);

        assertThat(store.purgeTemporaryObjects(Instant.now().plus(Duration.ofMinutes(1)))).isEqualTo(1);
        assertThat(everythingStored()).hasSize(1);
        assertThat(store.exists("a/kept")).isTrue();
    }

    @Test
    void purgesTheObjectsOfAFolderOlderThanTheCutoffAndNothingElse() throws Exception {
        for (String key : List.of("lfs-staging/r1/a", "lfs-staging/r2/b", "lfs-stagingx/c", "lfs/ab/cd/x")) {
            store.put(key, new ByteArrayInputStream(new byte[3]), 3, null);
        }
        leaveTemporaryObject("crashed-write");

        assertThat(store.purgeOlderThan("lfs-staging/", Instant.now().minus(Duration.ofHours(1)))).isZero();
        assertThat(keys("")).hasSize(4);

        assertThat(store.purgeOlderThan("lfs-staging/", Instant.now().plus(Duration.ofMinutes(1)))).isEqualTo(2);
        assertThat(keys("")).containsExactlyInAnyOrder("lfs-stagingx/c", "lfs/ab/cd/x");
        assertThat(everythingStored()).as("the temporary object is left to purgeTemporaryObjects").hasSize(3);

        Instant later = Instant.now().plus(Duration.ofMinutes(1));
        for (String prefix : List.of("", "lfs", "lfs-staging/r1/a", "tmp/")) {
            assertThatThrownBy(() -> store.purgeOlderThan(prefix, later)).as(prefix)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(keys("")).hasSize(2);
    }

    // ---- verifyAndMove ----

    @Test
    void verifyAndMoveMakesAVerifiedObjectVisibleUnderItsKey() throws Exception {
        GeneratedContent content = GeneratedContent.of(70_000, 20);
        String key = lfsKey(content);
        store.put("staging/upload-1", content.stream(), -1, null);

        StoredObject moved = store.verifyAndMove("staging/upload-1", key, content.size(), content.sha256Hex());

        assertThat(moved).isEqualTo(new StoredObject(key, content.size(), content.sha256Hex()));
        assertThat(GeneratedContent.sha256Hex(store.get(key))).isEqualTo(content.sha256Hex());
        assertThat(store.exists("staging/upload-1")).isFalse();
        assertThat(keys("")).containsExactly(key);
        assertThat(everythingStored()).hasSize(1);
    }

    @Test
    void verifyAndMoveRejectsAMismatchAndRemovesTheStagedObject() throws Exception {
        GeneratedContent content = GeneratedContent.of(70_000, 21);
        String key = lfsKey(content);
        store.put("staging/upload-2", content.stream(), -1, null);

        assertThatThrownBy(() -> store.verifyAndMove("staging/upload-2", key, content.size() + 1, content.sha256Hex()))
                .isInstanceOf(ObjectVerificationException.class)
                .hasMessage("Uploaded content has 70000 bytes, expected 70001");
        assertThat(store.exists(key)).isFalse();
        assertThat(store.exists("staging/upload-2")).isFalse();

        store.put("staging/upload-3", content.stream(), -1, null);
        assertThatThrownBy(() -> store.verifyAndMove("staging/upload-3", key, content.size(), "1".repeat(64)))
                .isInstanceOf(ObjectVerificationException.class)
                .hasMessageContaining("expected " + "1".repeat(64));
        assertThat(everythingStored()).isEmpty();
    }

    @Test
    void verifyAndMoveReportsAMissingStagedObject() {
        assertThatThrownBy(() -> store.verifyAndMove("staging/none", "lfs/x", 1, null))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessage("No object under key staging/none");
    }

    // ---- presigned URLs ----

    @Test
    void presignedGetServesTheBytesAsAnAttachment() throws Exception {
        GeneratedContent content = GeneratedContent.of(30_000, 22);
        String key = lfsKey(content);
        store.put(key, content.stream(), content.size(), content.sha256Hex());

        Optional<URI> url = store.presignedGet(key, TTL, "model.safetensors");

        if (!signsUrls()) {
            assertThat(url).isEmpty();
            return;
        }
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url.orElseThrow()).GET().build(),
                BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"model.safetensors\"");
        assertThat(GeneratedContent.sha256Hex(response.body())).isEqualTo(content.sha256Hex());
    }

    @Test
    void presignedGetCarriesANonAsciiFilenameAsFilenameStar() throws Exception {
        store.put("a/b", new ByteArrayInputStream(new byte[3]), 3, null);

        Optional<URI> url = store.presignedGet("a/b", TTL, "modèle \"v2\".bin");

        if (!signsUrls()) {
            assertThat(url).isEmpty();
            return;
        }
        String query = URLDecoder.decode(url.orElseThrow().getRawQuery(), StandardCharsets.UTF_8);
        assertThat(query).contains(
                "response-content-disposition=attachment; filename=\"mod_le _v2_.bin\"; "
                        + "filename*=UTF-8''mod%C3%A8le%20%22v2%22.bin");
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url.orElseThrow()).GET().build(),
                BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(3);
    }

    @Test
    void presignedGetWithoutFilenameServesTheBytes() throws Exception {
        GeneratedContent content = GeneratedContent.of(1_000, 23);
        store.put("a/plain", content.stream(), content.size(), null);

        Optional<URI> url = store.presignedGet("a/plain", TTL, null);

        if (!signsUrls()) {
            assertThat(url).isEmpty();
            return;
        }
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url.orElseThrow()).GET().build(),
                BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition")).isEmpty();
        assertThat(response.body()).isEqualTo(content.bytes());
    }

    @Test
    void presignedPutStoresTheBytes() throws Exception {
        GeneratedContent content = GeneratedContent.of(200_000, 24);

        Optional<URI> url = store.presignedPut("staging/presigned", TTL);

        if (!signsUrls()) {
            assertThat(url).isEmpty();
            return;
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.orElseThrow())
                .PUT(body(content, 0, content.size())).build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(GeneratedContent.sha256Hex(store.get("staging/presigned"))).isEqualTo(content.sha256Hex());
    }

    @Test
    void rejectsAPresignedUrlLifetimeOutsideOneSecondToSevenDays() {
        assertThatThrownBy(() -> store.presignedGet("a/b", Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.presignedGet("a/b", Duration.ofDays(8), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.presignedPut("a/b", Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- multipart ----

    @Test
    void uploadsMultipartThroughPresignedPartUrls() throws Exception {
        assertThat(store.supportsMultipart()).isEqualTo(signsUrls());
        if (!store.supportsMultipart()) {
            assertThatThrownBy(() -> store.createMultipartUpload("a/b"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> store.presignedPartUrl("a/b", "id", 1, TTL))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> store.completeMultipartUpload("a/b", "id", List.of(new CompletedPart(1, "e"))))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> store.abortMultipartUpload("a/b", "id"))
                    .isInstanceOf(UnsupportedOperationException.class);
            return;
        }
        GeneratedContent content = GeneratedContent.of(10 * MIB + 1_000, 25);
        String key = "staging/multipart";
        String uploadId = store.createMultipartUpload(key);

        List<CompletedPart> parts = new ArrayList<>();
        long[][] ranges = {{0, 5 * MIB}, {5 * MIB, 5 * MIB}, {10 * MIB, 1_000}};
        for (int i = 0; i < ranges.length; i++) {
            URI partUrl = store.presignedPartUrl(key, uploadId, i + 1, TTL);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(partUrl)
                    .PUT(body(content, ranges[i][0], ranges[i][1])).build(), BodyHandlers.ofString());
            assertThat(response.statusCode()).as("part %d: %s", i + 1, response.body()).isEqualTo(200);
            parts.add(new CompletedPart(i + 1, response.headers().firstValue("ETag").orElseThrow()));
        }
        assertThat(store.exists(key)).isFalse();

        // Out of order on purpose: the store sorts them.
        store.completeMultipartUpload(key, uploadId, List.of(parts.get(2), parts.get(0), parts.get(1)));

        assertThat(store.stat(key)).map(ObjectStat::size).contains(content.size());
        assertThat(GeneratedContent.sha256Hex(store.get(key))).isEqualTo(content.sha256Hex());
        assertThat(readAll(store.get(key, 5 * MIB - 3, 6))).isEqualTo(content.bytes(5 * MIB - 3, 6));
    }

    @Test
    void abortedMultipartUploadLeavesNothing() throws Exception {
        if (!store.supportsMultipart()) {
            assertThatThrownBy(() -> store.abortMultipartUpload("a/b", "id"))
                    .isInstanceOf(UnsupportedOperationException.class);
            return;
        }
        GeneratedContent content = GeneratedContent.of(5 * MIB, 26);
        String key = "staging/aborted";
        String uploadId = store.createMultipartUpload(key);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(store.presignedPartUrl(key, uploadId, 1, TTL))
                .PUT(body(content, 0, content.size())).build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        store.abortMultipartUpload(key, uploadId);
        store.abortMultipartUpload(key, uploadId);

        assertThat(store.exists(key)).isFalse();
        assertThatThrownBy(() -> store.completeMultipartUpload(key, uploadId,
                List.of(new CompletedPart(1, response.headers().firstValue("ETag").orElseThrow()))))
                .isInstanceOf(ObjectNotFoundException.class);
        assertThat(everythingStored()).isEmpty();
    }

    // ---- large objects ----

    @Test
    void streamsAFiftyMegabyteObjectWithoutBufferingIt() {
        GeneratedContent content = GeneratedContent.of(50_000_000, 27);
        String key = lfsKey(content);

        StoredObject stored = store.put(key, content.stream(), content.size(), content.sha256Hex());

        assertThat(stored).isEqualTo(new StoredObject(key, 50_000_000, content.sha256Hex()));
        assertThat(store.stat(key)).map(ObjectStat::size).contains(50_000_000L);
        assertThat(GeneratedContent.sha256Hex(store.get(key))).isEqualTo(content.sha256Hex());
        assertThat(readAll(store.get(key, 49_999_990, 100))).isEqualTo(content.bytes(49_999_990, 10));
    }

    // ---- keys and health ----

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "/", "a//b", "a/", "a/../b", "..", "../x", "./x", "a/./b", "a\\b",
            "tmp/x", "tmp", "a/b\u0000", "a\nb"})
    void rejectsInvalidKeys(String key) {
        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(new byte[1]), 1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get(key, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.stat(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.exists(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.presignedGet(key, TTL, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAKeyLongerThan1024Bytes() {
        String longKey = "a/" + "é".repeat(512);

        assertThatThrownBy(() -> store.put(longKey, new ByteArrayInputStream(new byte[1]), 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Object key is longer than 1024 bytes");
    }

    @Test
    void acceptsKeysWithSpacesDotsAndUnicode() {
        for (String key : List.of("a/b c", "a/.hidden", "a/..b", "a/模型.bin", "tmpx/y")) {
            store.put(key, new ByteArrayInputStream(key.getBytes(StandardCharsets.UTF_8)), -1, null);
            assertThat(readAll(store.get(key))).asString(StandardCharsets.UTF_8).isEqualTo(key);
        }
        assertThat(keys("")).containsExactlyInAnyOrder("a/b c", "a/.hidden", "a/..b", "a/模型.bin", "tmpx/y");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs", "a//", "../", "a/../", "a\\"})
    void rejectsInvalidListPrefixes(String prefix) {
        assertThatThrownBy(() -> store.list(prefix)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkPassesWhileTheStoreAnswers() {
        store.check();
    }

    // ---- helpers ----

    protected void assertNothingStoredUnder(String key) throws Exception {
        assertThat(store.exists(key)).isFalse();
        assertThat(store.stat(key)).isEmpty();
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(ObjectNotFoundException.class);
        assertThat(keys("")).isEmpty();
        assertThat(everythingStored()).as("no temporary object left behind").isEmpty();
    }

    protected List<String> keys(String prefix) {
        try (Stream<String> keys = store.list(prefix)) {
            return keys.toList();
        }
    }

    protected static String lfsKey(GeneratedContent content) {
        String sha256 = content.sha256Hex();
        return "lfs/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
    }

    protected static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request body with a Content-Length (S3 refuses chunked uploads without one), streamed. */
    private static HttpRequest.BodyPublisher body(GeneratedContent content, long offset, long length) {
        return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> content.stream(offset, length)), length);
    }

    private static final class CloseTrackingInputStream extends FilterInputStream {
        boolean closed;

        CloseTrackingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
