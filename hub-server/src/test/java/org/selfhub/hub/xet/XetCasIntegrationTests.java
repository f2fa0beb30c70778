package org.selfhub.hub.xet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.TestAccounts;
import tools.jackson.databind.JsonNode;

/**
 * The token routes, the CAS and the hub glue over HTTP, with the xorbs and shards hf_xet uploaded
 * ({@link XetFixtures}): uploads and their validation, reconstructions with ranges, signed xorb
 * URLs, the commit of an lfsFile uploaded through Xet, and its download by clients without Xet.
 */
class XetCasIntegrationTests extends HubIntegrationTest {

    private TestAccounts accounts;
    private TestAccounts.User alice;
    private String repoId;

    @BeforeEach
    void setUp() {
        accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        alice = accounts.user("alice");
        String name = TestAccounts.uniqueName("xet");
        repoId = alice.name() + "/" + name;
        HttpResponse<String> created = accounts.call("POST", "/api/repos/create", alice.writeToken(),
                Map.of("name", name, "type", "model", "private", true));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    @Test
    void issuesTokensAsJsonAndHeaders() {
        HttpResponse<String> write = call("GET", "/api/models/" + repoId + "/xet-write-token/main", alice.writeToken(),
                null, Map.of());
        assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
        JsonNode body = TestAccounts.json(write.body());
        assertThat(body.path("casUrl").asString()).isEqualTo(baseUrl() + "/api/xet-cas");
        assertThat(write.headers().firstValue("X-Xet-Access-Token")).hasValue(body.path("accessToken").asString());
        assertThat(write.headers().firstValue("X-Xet-Cas-Url")).hasValue(body.path("casUrl").asString());
        long exp = body.path("exp").asLong();
        assertThat(write.headers().firstValue("X-Xet-Token-Expiration")).hasValue(Long.toString(exp));
        assertThat(exp - System.currentTimeMillis() / 1000).isBetween(3000L, 3700L);

        assertThat(call("GET", "/api/models/" + repoId + "/xet-read-token/None", alice.readToken(), null, Map.of())
                .statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/models/" + repoId + "/xet-write-token/main", alice.readToken(), null, Map.of())
                .statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/models/" + repoId + "/xet-read-token/no-such-branch", alice.readToken(), null,
                Map.of()).statusCode()).isEqualTo(404);
        TestAccounts.User bob = accounts.user("bob");
        assertThat(call("GET", "/api/models/" + repoId + "/xet-read-token/main", bob.writeToken(), null, Map.of())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void uploadsXorbsAndShardsThenReconstructsWithRanges() throws Exception {
        String write = token("write");
        for (String name : XetFixtures.NAMES) {
            HttpResponse<String> xorb = postXorb(write, XetFixtures.xorbHash(name), XetFixtures.xorb(name));
            assertThat(xorb.statusCode()).as(xorb.body()).isEqualTo(200);
            HttpResponse<String> again = postXorb(write, XetFixtures.xorbHash(name), XetFixtures.xorb(name));
            assertThat(TestAccounts.json(again.body()).path("was_inserted").asBoolean()).isFalse();
            HttpResponse<String> shard = post(write, "/v1/shards", XetFixtures.shard(name));
            assertThat(shard.statusCode()).as(shard.body()).isEqualTo(200);
            assertThat(TestAccounts.json(shard.body()).path("result").asInt()).isEqualTo(1);
        }
        // Received xorb bytes are counted (the benchmark's dedup figure): the repeats as duplicates.
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("hub_xet_xorb_received_bytes_total{outcome=\"stored\"}");
        java.util.regex.Matcher duplicate = java.util.regex.Pattern
                .compile("hub_xet_xorb_received_bytes_total\\{outcome=\"duplicate\"} (\\S+)").matcher(metrics);
        assertThat(duplicate.find()).as(metrics).isTrue();
        long fixtureBytes = 0;
        for (String name : XetFixtures.NAMES) {
            fixtureBytes += XetFixtures.xorb(name).length;
        }
        assertThat(Double.parseDouble(duplicate.group(1))).isGreaterThanOrEqualTo(fixtureBytes);

        String read = token("read");
        String text = XetFixtures.fileHash("text");
        byte[] original = decoded("text");
        assertThat(reconstructed(read, text, null, false)).isEqualTo(original);
        assertThat(reconstructed(read, text, null, true)).isEqualTo(original);
        int size = original.length;
        for (long[] r : new long[][] {{0, 0}, {0, 99}, {70_000, 200_000}, {size - 10, size - 1}, {size - 10, size + 500},
                {131_071, 131_073}}) {
            byte[] expected = Arrays.copyOfRange(original, (int) r[0], (int) Math.min(r[1], size - 1) + 1);
            assertThat(reconstructed(read, text, "bytes=" + r[0] + "-" + r[1], false)).as(Arrays.toString(r))
                    .isEqualTo(expected);
            assertThat(reconstructed(read, text, "bytes=" + r[0] + "-" + r[1], true)).as(Arrays.toString(r))
                    .isEqualTo(expected);
        }
        assertThat(get(read, "/v1/reconstructions/" + text, "bytes=" + size + "-" + (size + 100)).statusCode())
                .isEqualTo(416);
        assertThat(get(read, "/v2/shards", null).statusCode()).isEqualTo(404);
        assertThat(get(read, "/v1/chunks/default/" + text, null).statusCode()).isEqualTo(404);

        // Chunk hashes never leave the hub: the JSON names xorbs, ranges and URLs only.
        String json = get(read, "/v1/reconstructions/" + text, null).body();
        assertThat(json).doesNotContain("chunk_hash").contains("\"url_range\"");
    }

    @Test
    void refusesBadUploadsAndForeignReads() {
        String write = token("write");
        byte[] xorb = XetFixtures.xorb("random");
        assertThat(postXorb(write, XetFixtures.xorbHash("text"), xorb).statusCode()).isEqualTo(400);
        assertThat(postXorb(token("read"), XetFixtures.xorbHash("random"), xorb).statusCode()).isEqualTo(403);
        assertThat(postXorb("xet1.forged.token", XetFixtures.xorbHash("random"), xorb).statusCode()).isEqualTo(401);
        assertThat(postXorb(null, XetFixtures.xorbHash("random"), xorb).statusCode()).isEqualTo(401);

        // A shard naming a xorb nobody uploaded: header 48 + file header 48, then the entry's xorb hash.
        byte[] missingXorb = XetFixtures.shard("random").clone();
        missingXorb[48 * 2] ^= 1;
        HttpResponse<String> missing = post(write, "/v1/shards", missingXorb);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("was not uploaded");
        assertThat(postXorb(write, XetFixtures.xorbHash("random"), xorb).statusCode()).isEqualTo(200);
        byte[] wrongVerification = XetFixtures.shard("random").clone();
        // header 48 + file header 48 + one entry 48, then the verification entry.
        wrongVerification[48 * 3] ^= 1;
        assertThat(post(write, "/v1/shards", wrongVerification).statusCode()).isEqualTo(400);
        assertThat(post(write, "/v1/shards", XetFixtures.shard("random")).statusCode()).isEqualTo(200);

        // Another user's repository may not reconstruct the file, though its hash is known.
        TestAccounts.User bob = accounts.user("bob");
        String bobRepo = TestAccounts.uniqueName("bob-xet");
        accounts.call("POST", "/api/repos/create", bob.writeToken(), Map.of("name", bobRepo, "type", "model"));
        HttpResponse<String> bobToken = call("GET", "/api/models/" + bob.name() + "/" + bobRepo + "/xet-read-token/main",
                bob.writeToken(), null, Map.of());
        String bobRead = TestAccounts.json(bobToken.body()).path("accessToken").asString();
        assertThat(get(bobRead, "/v1/reconstructions/" + XetFixtures.fileHash("random"), null).statusCode())
                .isEqualTo(404);
        assertThat(get(token("read"), "/v1/reconstructions/" + XetFixtures.fileHash("random"), null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void commitsAXetUploadAndServesItToClientsWithoutXet() {
        String write = token("write");
        postXorb(write, XetFixtures.xorbHash("floats"), XetFixtures.xorb("floats"));
        assertThat(post(write, "/v1/shards", XetFixtures.shard("floats")).statusCode()).isEqualTo(200);
        String sha256 = XetFixtures.sha256("floats");
        long size = XetFixtures.size("floats");
        HttpResponse<String> commit = call("POST", "/api/models/" + repoId + "/commit/main", alice.writeToken(),
                "{\"key\":\"header\",\"value\":{\"summary\":\"xet\",\"description\":\"\"}}\n"
                        + "{\"key\":\"lfsFile\",\"value\":{\"path\":\"weights.bin\",\"algo\":\"sha256\",\"oid\":\""
                        + sha256 + "\",\"size\":" + size + "}}\n", Map.of("Content-Type", "application/x-ndjson"));
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);

        String resolve = "/" + repoId + "/resolve/main/weights.bin";
        HttpResponse<byte[]> head = bytes("HEAD", resolve, alice.readToken(), Map.of());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("X-Xet-Hash")).hasValue(XetFixtures.fileHash("floats"));
        assertThat(head.headers().firstValue("X-Linked-Etag")).hasValue("\"" + sha256 + "\"");
        assertThat(head.headers().firstValue("X-Linked-Size")).hasValue(Long.toString(size));
        assertThat(head.headers().firstValue("Link").orElseThrow())
                .contains("/api/models/" + repoId + "/xet-read-token/")
                .contains("rel=\"xet-auth\"")
                .contains("/api/xet-cas/v1/reconstructions/" + XetFixtures.fileHash("floats") + ">; rel=\"xet-reconstruction-info\"");

        byte[] original = decoded("floats");
        HttpResponse<byte[]> whole = bytes("GET", resolve, alice.readToken(), Map.of());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(original);
        HttpResponse<byte[]> middle = bytes("GET", resolve, alice.readToken(), Map.of("Range", "bytes=100000-150000"));
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(original, 100000, 150001));

        HttpResponse<byte[]> fileInfo = bytes("GET", resolve, alice.readToken(),
                Map.of("Accept", "application/vnd.xet-fileinfo+json, */*", "Range", "bytes=0-0"));
        assertThat(fileInfo.headers().firstValue("Content-Type").orElseThrow())
                .contains("application/vnd.xet-fileinfo+json");

        // git-lfs: the batch API answers a signed URL of the server-side reconstruction.
        HttpResponse<String> batch = call("POST", "/" + repoId + ".git/info/lfs/objects/batch", alice.readToken(),
                "{\"operation\":\"download\",\"transfers\":[\"basic\"],\"objects\":[{\"oid\":\"" + sha256
                        + "\",\"size\":" + size + "}]}", Map.of("Content-Type", "application/vnd.git-lfs+json"));
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        String href = TestAccounts.json(batch.body()).path("objects").get(0).path("actions").path("download")
                .path("href").asString();
        HttpResponse<byte[]> lfsGet = sendBytes(HttpRequest.newBuilder(URI.create(href)).GET().build());
        assertThat(lfsGet.statusCode()).isEqualTo(200);
        assertThat(lfsGet.body()).isEqualTo(original);
        HttpResponse<byte[]> lfsRange = sendBytes(HttpRequest.newBuilder(URI.create(href))
                .header("Range", "bytes=239990-").GET().build());
        assertThat(lfsRange.statusCode()).isEqualTo(206);
        assertThat(lfsRange.body()).isEqualTo(Arrays.copyOfRange(original, 239990, original.length));
        assertThat(sendBytes(HttpRequest.newBuilder(URI.create(href.replace("sig=", "sig=x"))).GET().build())
                .statusCode()).isEqualTo(403);

        HttpResponse<String> tree = call("GET", "/api/models/" + repoId + "/tree/main", alice.readToken(), null, Map.of());
        JsonNode entry = TestAccounts.json(tree.body()).get(0).path("path").asString().equals("weights.bin")
                ? TestAccounts.json(tree.body()).get(0) : TestAccounts.json(tree.body()).get(1);
        assertThat(entry.path("xetHash").asString()).isEqualTo(XetFixtures.fileHash("floats"));
        assertThat(entry.path("lfs").path("oid").asString()).isEqualTo(sha256);
    }

    @Test
    void answersXetTransferToLfsBatchClientsThatOfferIt() {
        String body = "{\"operation\":\"upload\",\"transfers\":[\"basic\",\"multipart\",\"xet\"],\"hash_algo\":\"sha_256\","
                + "\"ref\":{\"name\":\"refs/heads/main\"},\"objects\":[{\"oid\":\"" + "a".repeat(64) + "\",\"size\":10}]}";
        HttpResponse<String> xet = call("POST", "/" + repoId + ".git/info/lfs/objects/batch", alice.writeToken(), body,
                Map.of("Content-Type", "application/vnd.git-lfs+json", "Accept", "application/vnd.git-lfs+json"));
        assertThat(xet.statusCode()).as(xet.body()).isEqualTo(200);
        JsonNode answer = TestAccounts.json(xet.body());
        assertThat(answer.path("transfer").asString()).isEqualTo("xet");
        JsonNode upload = answer.path("objects").get(0).path("actions").path("upload");
        assertThat(upload.path("href").asString()).endsWith("/api/models/" + repoId + "/xet-write-token/main");
        assertThat(upload.path("header").path("X-Xet-Access-Token").asString()).startsWith("xet1.");

        HttpResponse<String> basic = call("POST", "/" + repoId + ".git/info/lfs/objects/batch", alice.writeToken(),
                body.replace(",\"xet\"", ""), Map.of("Content-Type", "application/vnd.git-lfs+json"));
        assertThat(TestAccounts.json(basic.body()).path("transfer").asString()).isEqualTo("basic");
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] decoded(String name) {
        try {
            byte[] xorb = XetFixtures.xorb(name);
            XorbLayout layout = XorbReader.read(new ByteArrayInputStream(xorb), new ByteArrayOutputStream());
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            XorbReader.decodeChunks(new ByteArrayInputStream(xorb), layout.chunkCount(), raw::write);
            return raw.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Follows a reconstruction the way hf_xet does: fetch each range without auth, decode, skip, cut. */
    private byte[] reconstructed(String token, String fileHash, String range, boolean v2) throws IOException {
        HttpResponse<String> response = get(token, (v2 ? "/v2" : "/v1") + "/reconstructions/" + fileHash, range);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode plan = TestAccounts.json(response.body());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonNode term : plan.path("terms")) {
            String xorb = term.path("hash").asString();
            int c0 = term.path("range").path("start").asInt();
            int c1 = term.path("range").path("end").asInt();
            JsonNode fetch = null;
            int fetchStart = 0;
            for (JsonNode f : plan.path(v2 ? "xorbs" : "fetch_info").path(xorb)) {
                JsonNode chunks = v2 ? f.path("ranges").get(0).path("chunks") : f.path("range");
                if (chunks.path("start").asInt() <= c0 && c1 <= chunks.path("end").asInt()) {
                    fetch = f;
                    fetchStart = chunks.path("start").asInt();
                }
            }
            assertThat(fetch).as("a fetch range holds term " + term).isNotNull();
            JsonNode bytes = v2 ? fetch.path("ranges").get(0).path("bytes") : fetch.path("url_range");
            HttpResponse<byte[]> data = sendBytes(HttpRequest.newBuilder(URI.create(fetch.path("url").asString()))
                    .header("Range", "bytes=" + bytes.path("start").asLong() + "-" + bytes.path("end").asLong())
                    .GET().build());
            assertThat(data.statusCode()).isEqualTo(206);
            ByteArrayOutputStream termBytes = new ByteArrayOutputStream();
            XorbReader.decodeChunks(new ByteArrayInputStream(data.body()), c1 - fetchStart, raw -> termBytes.write(raw));
            // Drop the chunks of the fetch range before the term's first one.
            XorbLayout layout = XorbReader.read(new ByteArrayInputStream(XetFixtures.xorb(nameOf(xorb))),
                    new ByteArrayOutputStream());
            int skip = (int) (layout.unpackedStart(c0) - layout.unpackedStart(fetchStart));
            byte[] all = termBytes.toByteArray();
            out.write(all, skip, all.length - skip);
        }
        byte[] all = out.toByteArray();
        long offset = plan.path("offset_into_first_range").asLong();
        long wanted;
        if (range == null) {
            wanted = all.length - offset;
        } else {
            String[] parts = range.substring(6).split("-");
            long first = Long.parseLong(parts[0]);
            long last = Math.min(Long.parseLong(parts[1]), first + all.length - offset - 1);
            wanted = last - first + 1;
        }
        return Arrays.copyOfRange(all, (int) offset, (int) (offset + wanted));
    }

    private static String nameOf(String xorbHash) {
        for (String name : XetFixtures.NAMES) {
            if (XetFixtures.xorbHash(name).equals(xorbHash)) {
                return name;
            }
        }
        throw new IllegalArgumentException(xorbHash);
    }

    private String token(String scope) {
        HttpResponse<String> response = call("GET", "/api/models/" + repoId + "/xet-" + scope + "-token/main",
                scope.equals("write") ? alice.writeToken() : alice.readToken(), null, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestAccounts.json(response.body()).path("accessToken").asString();
    }

    private HttpResponse<String> postXorb(String token, String hash, byte[] body) {
        return post(token, "/v1/xorbs/default/" + hash, body);
    }

    private HttpResponse<String> post(String token, String casPath, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/xet-cas" + casPath))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    private HttpResponse<String> get(String token, String casPath, String range) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/xet-cas" + casPath)).GET()
                .header("Authorization", "Bearer " + token);
        if (range != null) {
            b.header("Range", range);
        }
        return send(b.build());
    }

    private HttpResponse<String> call(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        return send(b.build());
    }

    private HttpResponse<byte[]> bytes(String method, String path, String token, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + token);
        headers.forEach(b::header);
        return sendBytes(b.build());
    }

    private HttpResponse<byte[]> sendBytes(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
