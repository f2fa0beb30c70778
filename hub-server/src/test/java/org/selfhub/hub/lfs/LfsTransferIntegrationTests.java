package org.selfhub.hub.lfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.lfs.LfsFixtures.Repository;
import org.selfhub.hub.lfs.LfsFixtures.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The LFS batch API and the transfers it hands out, over HTTP, as git-lfs and the HF clients use them.
 * Runs once per object store ({@link FilesystemLfsIntegrationTests}, {@link S3LfsIntegrationTests}).
 * Multipart starts at 10 MiB with 5 MiB parts here, so that it is exercised with small objects.
 *
 * <p>Not a {@code HubIntegrationTest}: these contexts differ from the shared one (store, multipart
 * settings), and a second context on the shared data directory would stop the first one's embedded
 * PostgreSQL; {@code HubIntegrationTest}'s data directory cannot be overridden by a subclass (its
 * {@code @DynamicPropertySource} wins). So each subclass gets a data directory of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class LfsTransferIntegrationTests {

    static final String LFS_JSON = "application/vnd.git-lfs+json";
    static final int MIB = 1024 * 1024;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LfsObjectService objects;

    @Autowired
    StagingJanitor janitor;

    @Autowired
    LfsProperties lfsProperties;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    LfsFixtures fixtures;
    User owner;
    Repository repo;

    @DynamicPropertySource
    static void lfsProperties(DynamicPropertyRegistry registry) {
        registry.add("hub.lfs.multipart-threshold", () -> "10MB");
        registry.add("hub.lfs.multipart-chunk-size", () -> "5MB");
    }

    /** Whether the hub's own URLs receive the bytes (filesystem), or presigned S3 URLs do. */
    abstract boolean hubReceivesBytes();

    @BeforeEach
    void seed() {
        fixtures = new LfsFixtures(jdbc);
        owner = fixtures.user("lfs-owner");
        repo = fixtures.repo(owner, "model", false);
    }

    /** Abandoned staging objects and parts go once their URLs and a day more have passed; verified objects stay. */
    @Test
    void theJanitorSweepsAbandonedUploadsOnlyAfterTheirUrlsExpiredAndADayMore() {
        org.selfhub.hub.storage.ObjectStore store = objects.store();
        byte[] bytes = "abandoned".getBytes(StandardCharsets.UTF_8);
        String oid = LfsFixtures.sha256Hex(bytes);
        String staged = LfsObjectService.stagingKey(repo.id(), oid);
        String part = LfsObjectService.partKey("abandoned-" + System.nanoTime(), 1);
        store.put(staged, new java.io.ByteArrayInputStream(bytes), bytes.length, null);
        store.put(part, new java.io.ByteArrayInputStream(bytes), bytes.length, null);
        byte[] kept = "verified".getBytes(StandardCharsets.UTF_8);
        objects.storeVerified(repo.id(), LfsFixtures.sha256Hex(kept), kept.length, new java.io.ByteArrayInputStream(kept));
        double removedBefore = meters.counter("hub.storage.abandoned.removed", "area", "lfs-staging").count();

        janitor.sweep();
        assertThat(store.exists(staged)).isTrue();
        assertThat(store.exists(part)).isTrue();

        Clock justBefore = Clock.offset(Clock.systemUTC(), lfsProperties.urlTtl().plus(StagingJanitor.STAGING_GRACE)
                .minusMinutes(5));
        new StagingJanitor(store, lfsProperties, justBefore, meters).sweep();
        assertThat(store.exists(staged)).isTrue();

        Clock after = Clock.offset(Clock.systemUTC(), lfsProperties.urlTtl().plus(StagingJanitor.STAGING_GRACE)
                .plusMinutes(5));
        StagingJanitor.Sweep sweep = new StagingJanitor(store, lfsProperties, after, meters).sweep();
        assertThat(store.exists(staged)).isFalse();
        assertThat(store.exists(part)).isFalse();
        assertThat(sweep.staging()).isPositive();
        assertThat(sweep.parts()).isPositive();
        assertThat(meters.counter("hub.storage.abandoned.removed", "area", "lfs-staging").count())
                .isEqualTo(removedBefore + sweep.staging());
        assertThat(store.exists(LfsObjectService.objectKey(LfsFixtures.sha256Hex(kept)))).isTrue();
        assertThat(objects.findVerified(LfsFixtures.sha256Hex(kept))).contains(new LfsObject(LfsFixtures.sha256Hex(kept), kept.length));
    }

    @Test
    void uploadsVerifiesAndDownloadsAnObject() {
        byte[] content = content(3 * MIB + 17, 1);
        String oid = LfsFixtures.sha256Hex(content);

        JsonNode batch = batch(repo, owner.writeToken(), "upload", List.of("basic"), oid, content.length);
        assertThat(batch.get("transfer").asString()).isEqualTo("basic");
        JsonNode object = batch.get("objects").get(0);
        assertThat(object.get("oid").asString()).isEqualTo(oid);
        assertThat(object.get("size").asLong()).isEqualTo(content.length);
        assertThat(object.has("error")).isFalse();
        assertThat(object.get("actions").get("upload").get("expires_in").asLong()).isEqualTo(6 * 3600 - 60);

        assertThat(put(href(object, "upload"), content).statusCode()).isEqualTo(200);
        // The hub verifies while it receives; bytes PUT to S3 are verified at verify (or commit) time.
        assertThat(objects.findVerified(oid).isPresent()).isEqualTo(hubReceivesBytes());
        HttpResponse<String> verify = verify(object, oid, content.length);
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat(objects.findVerified(oid)).contains(new LfsObject(oid, content.length));
        assertThat(objects.isLinked(repo.id(), oid)).isTrue();

        JsonNode download = batch(repo, owner.readToken(), "download", List.of("basic"), oid, content.length)
                .get("objects").get(0);
        HttpResponse<byte[]> bytes = getBytes(href(download, "download"), null);
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(LfsFixtures.sha256Hex(bytes.body())).isEqualTo(oid);
    }

    @Test
    void servesRangesOfADownload() {
        byte[] content = content(MIB, 2);
        String oid = upload(repo, content);
        JsonNode download = batch(repo, owner.readToken(), "download", List.of("basic"), oid, content.length)
                .get("objects").get(0);

        HttpResponse<byte[]> range = getBytes(href(download, "download"), "bytes=10-19");

        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + MIB);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 10, 20));
    }

    @Test
    void rejectsABodyWithAnotherSha256AndKeepsNothing() {
        byte[] declared = content(MIB, 3);
        byte[] sent = content(MIB, 4);
        String oid = LfsFixtures.sha256Hex(declared);
        JsonNode object = batch(repo, owner.writeToken(), "upload", List.of("basic"), oid, MIB).get("objects").get(0);

        HttpResponse<String> put = put(href(object, "upload"), sent);
        if (hubReceivesBytes()) {
            assertThat(put.statusCode()).isEqualTo(422);
            assertThat(put.body()).contains("Uploaded content has sha256 " + LfsFixtures.sha256Hex(sent)
                    + ", expected " + oid);
        } else {
            assertThat(put.statusCode()).isEqualTo(200);
        }
        HttpResponse<String> verify = verify(object, oid, MIB);

        assertThat(verify.statusCode()).isEqualTo(hubReceivesBytes() ? 404 : 422);
        assertThat(objects.findVerified(oid)).isEmpty();
        assertThat(objects.isLinked(repo.id(), oid)).isFalse();
        assertThat(batch(repo, owner.writeToken(), "upload", List.of("basic"), oid, MIB)
                .get("objects").get(0).has("actions")).isTrue();
    }

    @Test
    void rejectsABodyOfAnotherSize() {
        byte[] content = content(MIB, 5);
        String oid = LfsFixtures.sha256Hex(content);
        JsonNode object = batch(repo, owner.writeToken(), "upload", List.of("basic"), oid, MIB - 1)
                .get("objects").get(0);

        HttpResponse<String> put = put(href(object, "upload"), content);
        if (hubReceivesBytes()) {
            assertThat(put.statusCode()).isEqualTo(422);
            assertThat(put.body()).contains("Uploaded content has " + MIB + " bytes, expected " + (MIB - 1));
        }
        HttpResponse<String> verify = verify(object, oid, MIB - 1);

        assertThat(verify.statusCode()).isEqualTo(hubReceivesBytes() ? 404 : 422);
        assertThat(objects.findVerified(oid)).isEmpty();
    }

    @Test
    void storedObjectsNeedNoSecondUploadWhereTheCallerCanReadThem() {
        byte[] content = content(MIB, 6);
        String oid = upload(repo, content);
        Repository sibling = fixtures.repo(owner, "dataset", true);
        User stranger = fixtures.user("lfs-stranger");
        Repository strangers = fixtures.repo(stranger, "model", false);

        JsonNode again = batch(repo, owner.writeToken(), "upload", List.of("basic"), oid, MIB).get("objects").get(0);
        JsonNode elsewhere = batch(sibling, owner.writeToken(), "upload", List.of("basic"), oid, MIB)
                .get("objects").get(0);
        JsonNode publicOne = batch(strangers, stranger.writeToken(), "upload", List.of("basic"), oid, MIB)
                .get("objects").get(0);

        assertThat(again.has("actions")).isFalse();
        assertThat(again.has("error")).isFalse();
        assertThat(elsewhere.has("actions")).isFalse();
        assertThat(objects.isLinked(sibling.id(), oid)).isTrue();
        // repo is public, so the stranger could download the bytes anyway
        assertThat(publicOne.has("actions")).isFalse();
        assertThat(objects.isLinked(strangers.id(), oid)).isTrue();
    }

    @Test
    void objectsOfAPrivateRepositoryMustBeUploadedByOthersToProvePossession() {
        Repository hidden = fixtures.repo(owner, "model", true);
        byte[] content = content(MIB, 7);
        String oid = upload(hidden, content);
        User stranger = fixtures.user("lfs-stranger");
        Repository strangers = fixtures.repo(stranger, "model", false);

        JsonNode object = batch(strangers, stranger.writeToken(), "upload", List.of("basic"), oid, MIB)
                .get("objects").get(0);

        assertThat(object.has("actions")).isTrue();
        assertThat(objects.isLinked(strangers.id(), oid)).isFalse();
        assertThat(batch(strangers, stranger.readToken(), "download", List.of("basic"), oid, MIB)
                .get("objects").get(0).get("error").get("code").asInt()).isEqualTo(404);
        put(href(object, "upload"), content);
        assertThat(verify(object, oid, MIB).statusCode()).isEqualTo(200);
        assertThat(objects.isLinked(strangers.id(), oid)).isTrue();
    }

    @Test
    void downloadsOnlyObjectsLinkedToTheRepository() {
        byte[] content = content(MIB, 8);
        String oid = upload(repo, content);
        Repository other = fixtures.repo(owner, "model", false);

        JsonNode object = batch(other, owner.readToken(), "download", List.of("basic"), oid, MIB).get("objects").get(0);

        assertThat(objects.isLinked(other.id(), oid)).isFalse();
        assertThat(object.has("actions")).isFalse();
        assertThat(object.get("error").get("code").asInt()).isEqualTo(404);
        assertThat(object.get("error").get("message").asString()).isEqualTo("Object " + oid + " does not exist");
    }

    @Test
    void uploadsInPartsInAnyOrder() {
        byte[] content = content(12 * MIB + 5, 9);
        String oid = LfsFixtures.sha256Hex(content);

        JsonNode batch = batch(repo, owner.writeToken(), "upload", List.of("basic", "multipart"), oid,
                content.length);
        assertThat(batch.get("transfer").asString()).isEqualTo("multipart");
        JsonNode object = batch.get("objects").get(0);
        JsonNode header = object.get("actions").get("upload").get("header");
        assertThat(header.propertyNames()).containsExactly("chunk_size", "00001", "00002", "00003");
        assertThat(header.get("chunk_size").asString()).isEqualTo(Integer.toString(5 * MIB));

        Map<Integer, String> etags = new LinkedHashMap<>();
        for (int part : new int[] {3, 1, 2}) {
            int from = (part - 1) * 5 * MIB;
            int to = Math.min(content.length, from + 5 * MIB);
            HttpResponse<String> response = put(URI.create(header.get(String.format("%05d", part)).asString()),
                    java.util.Arrays.copyOfRange(content, from, to));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).isNotBlank());
            etags.put(part, response.headers().firstValue("ETag").orElseThrow());
        }
        assertThat(objects.findVerified(oid)).isEmpty();
        String completion = "{\"oid\":\"" + oid + "\",\"parts\":[" + List.of(1, 2, 3).stream()
                .map(n -> "{\"partNumber\":" + n + ",\"etag\":" + JSON.writeValueAsString(etags.get(n)) + "}")
                .collect(Collectors.joining(",")) + "]}";

        HttpResponse<String> complete = send(HttpRequest.newBuilder(href(object, "upload"))
                .header("Content-Type", LFS_JSON).header("Accept", LFS_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(completion)).build());

        assertThat(complete.statusCode()).isEqualTo(200);
        assertThat(objects.findVerified(oid)).contains(new LfsObject(oid, content.length));
        assertThat(objects.isLinked(repo.id(), oid)).isTrue();
        assertThat(verify(object, oid, content.length).statusCode()).isEqualTo(200);
        try (InputStream in = objects.open(oid, 0, content.length)) {
            assertThat(LfsFixtures.sha256Hex(in.readAllBytes())).isEqualTo(oid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void offersMultipartOnlyToClientsThatAskForIt() {
        String oid = "c".repeat(64);

        JsonNode batch = batch(repo, owner.writeToken(), "upload", List.of("basic"), oid, 12 * MIB);

        assertThat(batch.get("transfer").asString()).isEqualTo("basic");
        assertThat(batch.get("objects").get(0).get("actions").get("upload").has("header")).isFalse();
    }

    @Test
    void refusesTamperedAndExpiredTransferUrls() {
        byte[] content = content(MIB, 10);
        String oid = LfsFixtures.sha256Hex(content);
        JsonNode object = batch(repo, owner.writeToken(), "upload", List.of("basic"), oid, MIB).get("objects").get(0);
        String verifyHref = href(object, "verify").toString();

        HttpResponse<String> tampered = send(HttpRequest.newBuilder(
                        URI.create(verifyHref.replace("size=" + MIB, "size=" + (MIB + 1))))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(tampered.headers().firstValue("X-Error-Message")).hasValue("This transfer URL's signature is invalid");

        byte[] key = jdbc.sql("SELECT secret FROM lfs_signing_key WHERE id = 1").query(byte[].class).single();
        TransferUrlSigner past = new TransferUrlSigner(key, Clock.fixed(Instant.now().minus(Duration.ofHours(2)),
                ZoneOffset.UTC));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("repo", repo.id().toString());
        params.put("size", Integer.toString(MIB));
        String query = past.sign("PUT", "objects/" + oid, params, Duration.ofHours(1)).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        HttpResponse<String> expired = put(URI.create(baseUrl() + "/api/lfs/objects/" + oid + "?" + query), content);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.headers().firstValue("X-Error-Message"))
                .hasValue("This transfer URL has expired; ask the LFS batch API for a new one");
        assertThat(objects.findVerified(oid)).isEmpty();
    }

    @Test
    void aReadTokenCannotUpload() {
        HttpResponse<String> response = batchResponse(repo.path() + ".git", "Bearer " + owner.readToken(),
                batchBody("upload", List.of("basic"), "d".repeat(64), 10));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(LFS_JSON);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("message").asString()).isEqualTo("Your token has the read role and cannot write to "
                + owner.name() + "/" + repo.name() + "; use a token with the write role");
        assertThat(body.get("request_id").asString()).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void aPrivateRepositoryIsHiddenFromAnonymousAndStrangers() {
        Repository hidden = fixtures.repo(owner, "model", true);
        User stranger = fixtures.user("lfs-stranger");
        String body = batchBody("download", List.of("basic"), "e".repeat(64), 10);

        HttpResponse<String> anonymous = batchResponse(hidden.path() + ".git", null, body);
        HttpResponse<String> strangers = batchResponse(hidden.path() + ".git", "Bearer " + stranger.writeToken(), body);
        HttpResponse<String> missing = batchResponse(owner.name() + "/no-such-repo.git",
                "Bearer " + stranger.writeToken(), body);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"hub\"");
        assertThat(anonymous.headers().firstValue("LFS-Authenticate")).hasValue("Basic realm=\"hub\"");
        assertThat(strangers.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(strangers.body()).get("message").asString())
                .isEqualTo(JSON.readTree(missing.body()).get("message").asString()
                        .replace("no-such-repo", hidden.name()));
    }

    @Test
    void anonymousUploadIsChallenged() {
        HttpResponse<String> response = batchResponse(repo.path() + ".git", null,
                batchBody("upload", List.of("basic"), "f".repeat(64), 10));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"hub\"");
    }

    @Test
    void acceptsBasicAuthWithTheTokenAsPasswordAndUrlsWithoutDotGit() {
        Repository dataset = fixtures.repo(owner, "dataset", false);
        String basic = "Basic " + Base64.getEncoder().encodeToString(("git:" + owner.writeToken())
                .getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = batchResponse(dataset.path(), basic,
                batchBody("upload", List.of("basic"), "1".repeat(64), 10));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("objects").get(0).get("actions").has("upload")).isTrue();
    }

    @Test
    void reportsInvalidObjectsOneByOne() {
        JsonNode batch = JSON.readTree(batchResponse(repo.path() + ".git", "Bearer " + owner.writeToken(),
                "{\"operation\":\"upload\",\"objects\":[{\"oid\":\"xyz\",\"size\":1},{\"oid\":\"" + "2".repeat(64)
                        + "\",\"size\":-1}],\"hash_algo\":\"sha_256\"}").body());

        assertThat(batch.get("hash_algo").asString()).isEqualTo("sha_256");
        assertThat(batch.get("objects").get(0).get("error").get("code").asInt()).isEqualTo(422);
        assertThat(batch.get("objects").get(1).get("error").get("message").asString())
                .isEqualTo("Invalid size for object " + "2".repeat(64));
    }

    @Test
    void linkVerifiedAcceptsOnlyObjectsUploadedForTheRepository() {
        byte[] content = content(MIB, 11);
        String oid = upload(repo, content);
        Repository hidden = fixtures.repo(fixtures.user("lfs-other"), "model", false);

        objects.linkVerified(repo.id(), oid, MIB);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> objects.linkVerified(repo.id(), oid, MIB + 1))
                .hasMessage("LFS object " + oid + " has size " + MIB + ", not " + (MIB + 1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> objects.linkVerified(hidden.id(), oid, MIB))
                .hasMessage("LFS object " + oid + " (" + MIB + " bytes) was not uploaded to this repository;"
                        + " upload it through the LFS batch API first");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> objects.linkVerified(repo.id(), "3".repeat(64), 5))
                .hasMessage("LFS object " + "3".repeat(64) + " (5 bytes) was not uploaded to this repository;"
                        + " upload it through the LFS batch API first");
    }

    @Test
    void aCommitAcceptsBytesThatWereUploadedButNeverVerified() {
        // The JS client never calls verify: linking at commit time must verify what it finds.
        byte[] content = content(MIB, 12);
        String oid = LfsFixtures.sha256Hex(content);
        JsonNode object = batch(repo, owner.writeToken(), "upload", List.of("basic"), oid, MIB).get("objects").get(0);
        assertThat(put(href(object, "upload"), content).statusCode()).isEqualTo(200);

        objects.linkVerified(repo.id(), oid, MIB);

        assertThat(objects.findVerified(oid)).contains(new LfsObject(oid, MIB));
        assertThat(objects.isLinked(repo.id(), oid)).isTrue();
    }

    @Test
    void letsBrowsersUploadPartsAndReadTheirEtags() {
        byte[] content = content(11 * MIB, 13);
        String oid = LfsFixtures.sha256Hex(content);
        JsonNode header = batch(repo, owner.writeToken(), "upload", List.of("basic", "multipart"), oid,
                content.length).get("objects").get(0).get("actions").get("upload").get("header");
        URI part = URI.create(header.get("00003").asString());

        HttpResponse<String> response = send(HttpRequest.newBuilder(part)
                .header("Origin", "http://ui.example")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOfRange(content, 10 * MIB,
                        11 * MIB))).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).isPresent();
        if (hubReceivesBytes()) {
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                    .contains("ETag");
            HttpResponse<String> preflight = send(HttpRequest.newBuilder(part)
                    .header("Origin", "http://ui.example").header("Access-Control-Request-Method", "PUT")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(preflight.statusCode()).isEqualTo(200);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        }
    }

    // ---- helpers ----

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Uploads through the batch API (basic) and returns the oid. */
    String upload(Repository target, byte[] content) {
        String oid = LfsFixtures.sha256Hex(content);
        JsonNode object = batch(target, owner.writeToken(), "upload", List.of("basic"), oid, content.length)
                .get("objects").get(0);
        assertThat(put(href(object, "upload"), content).statusCode()).isEqualTo(200);
        assertThat(verify(object, oid, content.length).statusCode()).isEqualTo(200);
        return oid;
    }

    JsonNode batch(Repository target, String token, String operation, List<String> transfers, String oid, long size) {
        HttpResponse<String> response = batchResponse(target.path() + ".git", "Bearer " + token,
                batchBody(operation, transfers, oid, size));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(LFS_JSON);
        return JSON.readTree(response.body());
    }

    HttpResponse<String> batchResponse(String repoPath, String authorization, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/" + repoPath
                        + "/info/lfs/objects/batch"))
                .header("Accept", LFS_JSON).header("Content-Type", LFS_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    static String batchBody(String operation, List<String> transfers, String oid, long size) {
        return "{\"operation\":\"" + operation + "\",\"transfers\":" + JSON.writeValueAsString(transfers)
                + ",\"ref\":{\"name\":\"main\"},\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + size
                + "}],\"hash_algo\":\"sha256\"}";
    }

    HttpResponse<String> verify(JsonNode object, String oid, long size) {
        JsonNode verify = object.get("actions").get("verify");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(verify.get("href").asString()))
                .header("Content-Type", LFS_JSON)
                .header("Authorization", "Bearer " + owner.writeToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"oid\":\"" + oid + "\",\"size\":" + size + "}"));
        verify.get("header").properties().forEach(e -> request.header(e.getKey(), e.getValue().asString()));
        return send(request.build());
    }

    static URI href(JsonNode object, String action) {
        return URI.create(object.get("actions").get(action).get("href").asString());
    }

    HttpResponse<String> put(URI href, byte[] content) {
        // Like the clients: no Authorization, no action headers.
        return send(HttpRequest.newBuilder(href).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    }

    HttpResponse<byte[]> getBytes(URI href, String range) {
        HttpRequest.Builder request = HttpRequest.newBuilder(href).GET();
        if (range != null) {
            request.header("Range", range);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed * 7919 + size).nextBytes(bytes);
        return bytes;
    }

    /** A data directory of the test class's own: a second embedded PostgreSQL must not share one. */
    static Path ownDataDir(String prefix) {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
