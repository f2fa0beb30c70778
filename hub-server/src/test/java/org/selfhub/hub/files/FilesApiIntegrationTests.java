package org.selfhub.hub.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HF file API over HTTP: exact statuses, headers and fields (hub-api-contract.md §2–§7). */
class FilesApiIntegrationTests extends HubIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DATE = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @Autowired
    private MeterRegistry meters;
    private TestAccounts accounts;
    private TestAccounts.User alice;
    private String repoName;
    private String repoId;

    @BeforeEach
    void setUp() {
        accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        alice = accounts.user("alice");
        repoName = TestAccounts.uniqueName("files");
        repoId = alice.name() + "/" + repoName;
        HttpResponse<String> created = accounts.call("POST", "/api/repos/create", alice.writeToken(),
                Map.of("name", repoName, "type", "model"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- helpers

    private HttpResponse<String> request(String method, String path, String token, String contentType, String body,
                                         Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(b.build());
    }

    private HttpResponse<String> commit(String revision, String... lines) {
        return request("POST", "/api/models/" + repoId + "/commit/" + revision, alice.writeToken(),
                "application/x-ndjson", String.join("\n", lines) + "\n", Map.of());
    }

    private static String header(String summary) {
        return "{\"key\":\"header\",\"value\":{\"summary\":\"" + summary + "\",\"description\":\"\"}}";
    }

    private static String file(String path, String content) {
        return "{\"key\":\"file\",\"value\":{\"path\":\"" + path + "\",\"content\":\""
                + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))
                + "\",\"encoding\":\"base64\"}}";
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private String head() {
        return json(get("/api/models/" + repoId)).get("sha").asString();
    }

    private static String gitSha1(String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha1.digest(bytes));
    }

    private static List<String> paths(JsonNode array) {
        List<String> paths = new ArrayList<>();
        array.forEach(n -> paths.add(n.get("path").asString()));
        return paths;
    }

    // ---------------------------------------------------------------- create, info

    @Test
    void createAnswersUrlAndA409WithUrlWhenTaken() {
        String name = TestAccounts.uniqueName("created");
        HttpResponse<String> created = accounts.call("POST", "/api/repos/create", alice.writeToken(),
                Map.of("name", name, "type", "dataset", "private", false));
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode body = json(created);
        assertThat(body.get("url").asString()).isEqualTo(baseUrl() + "/datasets/" + alice.name() + "/" + name);
        assertThat(body.get("name").asString()).isEqualTo(alice.name() + "/" + name);
        assertThat(body.get("id").asString()).hasSize(36);

        HttpResponse<String> again = accounts.call("POST", "/api/repos/create", alice.writeToken(),
                Map.of("name", name, "type", "dataset", "organization", alice.name()));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("error").asString()).isEqualTo("You already created this dataset repo");
        assertThat(json(again).get("url").asString()).isEqualTo(baseUrl() + "/datasets/" + alice.name() + "/" + name);

        assertThat(accounts.call("POST", "/api/repos/create", null, Map.of("name", "x")).statusCode()).isEqualTo(401);
        assertThat(accounts.call("POST", "/api/repos/create", alice.readToken(), Map.of("name", "y")).statusCode())
                .isEqualTo(403);
        TestAccounts.User bob = accounts.user("bob");
        assertThat(accounts.call("POST", "/api/repos/create", bob.writeToken(),
                Map.of("name", "z", "organization", alice.name())).statusCode()).isEqualTo(403);
        assertThat(accounts.call("POST", "/api/repos/create", alice.writeToken(),
                Map.of("name", "bad--name")).statusCode()).isEqualTo(400);
    }

    @Test
    void repoInfoHasTheFieldsClientsRead() {
        HttpResponse<String> response = get("/api/models/" + repoId);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode info = json(response);
        assertThat(info.get("id").asString()).isEqualTo(repoId);
        assertThat(info.get("modelId").asString()).isEqualTo(repoId);
        assertThat(info.get("_id").asString()).hasSize(36);
        assertThat(info.get("author").asString()).isEqualTo(alice.name());
        assertThat(info.get("sha").asString()).matches("[0-9a-f]{40}");
        assertThat(info.get("private").asBoolean()).isFalse();
        assertThat(info.get("gated").asBoolean()).isFalse();
        assertThat(info.get("disabled").asBoolean()).isFalse();
        assertThat(info.get("lastModified").asString()).matches(DATE);
        assertThat(info.get("createdAt").asString()).matches(DATE);
        assertThat(info.get("downloads").asLong()).isZero();
        assertThat(info.get("likes").asLong()).isZero();
        assertThat(info.get("tags").isArray()).isTrue();
        assertThat(info.get("spaces").isArray()).isTrue();
        assertThat(info.get("siblings").toString()).isEqualTo("[{\"rfilename\":\".gitattributes\"}]");

        JsonNode blobs = json(get("/api/models/" + repoId + "/revision/main?blobs=true"));
        JsonNode sibling = blobs.get("siblings").get(0);
        assertThat(sibling.get("size").asLong()).isEqualTo(sibling.get("size").asLong()).isPositive();
        assertThat(sibling.get("blobId").asString()).matches("[0-9a-f]{40}");

        JsonNode expanded = json(get("/api/models/" + repoId + "?expand%5B%5D=likes&expand=sha"));
        assertThat(expanded.propertyNames()).containsExactlyInAnyOrder("_id", "id", "likes", "sha");

        HttpResponse<String> missing = get("/api/models/" + alice.name() + "/no-such-repo");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
        HttpResponse<String> missingAuthed = request("GET", "/api/models/" + alice.name() + "/no-such-repo",
                alice.readToken(), null, null, Map.of());
        assertThat(missingAuthed.statusCode()).isEqualTo(404);
        HttpResponse<String> badRev = get("/api/models/" + repoId + "/revision/nope");
        assertThat(badRev.statusCode()).isEqualTo(404);
        assertThat(badRev.headers().firstValue("X-Error-Code")).hasValue("RevisionNotFound");
    }

    // ---------------------------------------------------------------- commit and download

    @Test
    void commitThenResolveWithExactHeadersAndRanges() throws Exception {
        HttpResponse<String> committed = commit("main", header("add files"), file("hello.txt", "hello world"),
                file("dir/sub/nested.txt", "nested"));
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        JsonNode result = json(committed);
        String sha = result.get("commitOid").asString();
        assertThat(result.get("commitUrl").asString()).isEqualTo(baseUrl() + "/" + repoId + "/commit/" + sha);
        assertThat(result.get("commitMessage").asString()).isEqualTo("add files");
        assertThat(result.get("pullRequestUrl").isNull()).isTrue();
        assertThat(head()).isEqualTo(sha);

        HttpResponse<String> headResponse = request("HEAD", "/" + repoId + "/resolve/main/hello.txt", null, null,
                null, Map.of());
        assertThat(headResponse.statusCode()).isEqualTo(200);
        assertThat(headResponse.headers().firstValue("X-Repo-Commit")).hasValue(sha);
        assertThat(headResponse.headers().firstValue("ETag")).hasValue("\"" + gitSha1("hello world") + "\"");
        assertThat(headResponse.headers().firstValue("Content-Length")).hasValue("11");
        assertThat(headResponse.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(headResponse.headers().firstValue("Content-Disposition"))
                .hasValue("inline; filename*=UTF-8''hello.txt; filename=\"hello.txt\"");
        // Headers written as bytes (system/ResponseHeaders) come once each, the connector adds no second Date.
        for (String name : List.of("X-Request-Id", "X-Content-Type-Options", "X-Repo-Commit", "ETag",
                "Accept-Ranges", "Date", "Content-Disposition", "Content-Type", "Content-Length")) {
            assertThat(headResponse.headers().allValues(name)).as(name).hasSize(1);
        }
        assertThat(java.time.ZonedDateTime.parse(headResponse.headers().firstValue("Date").orElseThrow(),
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
                .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(1));

        assertThat(get("/" + repoId + "/resolve/main/hello.txt").body()).isEqualTo("hello world");
        assertThat(get("/" + repoId + "/resolve/" + sha + "/dir/sub/nested.txt").body()).isEqualTo("nested");
        assertThat(get("/" + repoId + "/raw/main/dir%2Fsub%2Fnested.txt").body()).isEqualTo("nested");

        HttpResponse<String> ranged = request("GET", "/" + repoId + "/resolve/main/hello.txt", null, null, null,
                Map.of("Range", "bytes=6-"));
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.headers().firstValue("Content-Range")).hasValue("bytes 6-10/11");
        assertThat(ranged.body()).isEqualTo("world");
        HttpResponse<String> first = request("GET", "/" + repoId + "/resolve/main/hello.txt", null, null, null,
                Map.of("Range", "bytes=0-0"));
        assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 0-0/11");
        assertThat(first.body()).isEqualTo("h");
        HttpResponse<String> suffix = request("GET", "/" + repoId + "/resolve/main/hello.txt", null, null, null,
                Map.of("Range", "bytes=-3"));
        assertThat(suffix.body()).isEqualTo("rld");
        HttpResponse<String> unsatisfiable = request("GET", "/" + repoId + "/resolve/main/hello.txt", null, null,
                null, Map.of("Range", "bytes=11-20"));
        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertThat(unsatisfiable.headers().firstValue("Content-Range")).hasValue("bytes */11");

        HttpResponse<String> missing = request("HEAD", "/" + repoId + "/resolve/main/missing.txt", null, null, null,
                Map.of());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-Error-Code")).hasValue("EntryNotFound");
        assertThat(missing.headers().firstValue("X-Repo-Commit")).hasValue(sha);
        HttpResponse<String> badRevision = get("/" + repoId + "/resolve/nope/hello.txt");
        assertThat(badRevision.headers().firstValue("X-Error-Code")).hasValue("RevisionNotFound");
        assertThat(get("/" + repoId + "/resolve/main/..%2F..%2Fetc%2Fpasswd").statusCode()).isEqualTo(400);
    }

    @Test
    void resolveIsAnsweredAtTheFrontOfTheChainWithTheSameFirewallAndItsOwnTimer() {
        assertThat(commit("main", header("add"), file("front.txt", "front")).statusCode()).isEqualTo(200);
        long before = meters.find("hub.files.requests").tag("method", "HEAD").tag("status", "200").timers().stream()
                .mapToLong(t -> t.count()).sum();

        HttpResponse<String> head = request("HEAD", "/" + repoId + "/resolve/main/front.txt", null, null, null,
                Map.of("X-Request-Id", "front-1"));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("X-Request-Id")).hasValue("front-1");
        assertThat(head.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(meters.get("hub.files.requests").tag("method", "HEAD").tag("status", "200").timer().count())
                .isEqualTo(before + 1);

        // Spring Security's firewall still applies: a raw semicolon is refused as on every other route.
        HttpResponse<String> rejected = get("/" + repoId + "/resolve/main/a;b.txt");
        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(get("/api/models/" + repoId + "/tree/main/a;b").statusCode()).isEqualTo(400);
        // Other methods on these paths: 405 in the hub's error shape, OPTIONS lists the methods.
        HttpResponse<String> post = request("POST", "/" + repoId + "/resolve/main/front.txt", alice.writeToken(),
                "application/json", "{}", Map.of());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("X-Error-Message")).hasValue("Method POST is not allowed here");
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
        HttpResponse<String> options = request("OPTIONS", "/" + repoId + "/resolve/main/front.txt", null, null, null,
                Map.of());
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    }

    @Test
    void malformedCommitsAndBadPathsAre400AndChangeNothing() {
        String before = head();
        for (String[] body : List.of(
                new String[] {"not json"},
                new String[] {file("a.txt", "a")},
                new String[] {header("x"), "{\"key\":\"unknown\",\"value\":{}}"},
                new String[] {header("x"), file("../escape.txt", "a")},
                new String[] {header("x"), file(".git/config", "a")},
                new String[] {header("x"), file("/abs.txt", "a")},
                new String[] {header("x"), file("a\\u0000b", "a")},
                new String[] {header("x"), "{\"key\":\"file\",\"value\":{\"path\":\"b.txt\",\"content\":\"!!!\"}}"},
                new String[] {header("x"), file("ok.txt", "a"), file("x".repeat(300), "a")})) {
            HttpResponse<String> response = commit("main", body);
            assertThat(response.statusCode()).as(String.join("|", body)).isEqualTo(400);
            assertThat(json(response).get("error").asString()).isNotBlank();
        }
        HttpResponse<String> deleteMissing = commit("main", header("x"),
                "{\"key\":\"deletedFile\",\"value\":{\"path\":\"nope.txt\"}}");
        assertThat(deleteMissing.statusCode()).isEqualTo(404);
        assertThat(deleteMissing.headers().firstValue("X-Error-Code")).hasValue("EntryNotFound");
        assertThat(head()).isEqualTo(before);

        HttpResponse<String> stale = commit("main",
                "{\"key\":\"header\",\"value\":{\"summary\":\"x\",\"parentCommit\":\"" + "0".repeat(40) + "\"}}",
                file("a.txt", "a"));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).get("error").asString())
                .isEqualTo("The branch was updated since you opened this page. Please refresh and try again.");
        assertThat(commit("nobranch", header("x"), file("a.txt", "a")).headers().firstValue("X-Error-Code"))
                .hasValue("RevisionNotFound");
        assertThat(request("POST", "/api/models/" + repoId + "/commit/main", alice.readToken(),
                "application/x-ndjson", header("x"), Map.of()).statusCode()).isEqualTo(403);
        assertThat(request("POST", "/api/models/" + repoId + "/commit/main?create_pr=1", alice.writeToken(),
                "application/x-ndjson", header("x"), Map.of()).statusCode()).isEqualTo(400);
        assertThat(head()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- tree, paths-info

    @Test
    void treeListsChildrenRecursivelyAndPagesWithAbsoluteLinks() {
        commit("main", header("tree"), file("a.txt", "a"), file("d/b.txt", "bb"), file("d/e/c.txt", "ccc"));
        JsonNode root = json(get("/api/models/" + repoId + "/tree/main?recursive=false&expand=false"));
        assertThat(paths(root)).containsExactly(".gitattributes", "a.txt", "d");
        JsonNode dir = root.get(2);
        assertThat(dir.get("type").asString()).isEqualTo("directory");
        assertThat(dir.get("oid").asString()).matches("[0-9a-f]{40}");
        assertThat(dir.get("size").asLong()).isZero();

        JsonNode recursive = json(get("/api/models/" + repoId + "/tree/main?recursive=true&expand=false"));
        assertThat(paths(recursive)).containsExactly(".gitattributes", "a.txt", "d", "d/b.txt", "d/e", "d/e/c.txt");
        assertThat(paths(json(get("/api/models/" + repoId + "/tree/main/d%2Fe?recursive=false"))))
                .containsExactly("d/e/c.txt");
        assertThat(paths(json(get("/api/models/" + repoId + "/tree/main/d/e")))).containsExactly("d/e/c.txt");

        HttpResponse<String> page = get("/api/models/" + repoId + "/tree/main?recursive=true&expand=false&limit=4");
        assertThat(paths(json(page))).hasSize(4);
        String link = page.headers().firstValue("Link").orElseThrow();
        assertThat(link).matches("<http://127\\.0\\.0\\.1:\\d+/api/models/" + repoId
                + "/tree/main\\?recursive=true&expand=false&limit=4&cursor=[A-Za-z0-9_-]+>; rel=\"next\"");
        String next = link.substring(link.indexOf('<') + 1 + baseUrl().length(), link.indexOf('>'));
        HttpResponse<String> second = get(next);
        assertThat(paths(json(second))).containsExactly("d/e", "d/e/c.txt");
        assertThat(second.headers().firstValue("Link")).isEmpty();

        JsonNode expanded = json(get("/api/models/" + repoId + "/tree/main/d?expand=true"));
        JsonNode lastCommit = expanded.get(0).get("lastCommit");
        assertThat(lastCommit.get("id").asString()).isEqualTo(head());
        assertThat(lastCommit.get("title").asString()).isEqualTo("tree");
        assertThat(lastCommit.get("date").asString()).matches(DATE);

        HttpResponse<String> missing = get("/api/models/" + repoId + "/tree/main/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-Error-Code")).hasValue("EntryNotFound");
        assertThat(get("/api/models/" + repoId + "/tree/main/a.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void pathsInfoAcceptsFormAndJsonAndOmitsMissingPaths() throws Exception {
        commit("main", header("p"), file("a.txt", "a"), file("d/b.txt", "bb"));
        HttpResponse<String> form = request("POST", "/api/models/" + repoId + "/paths-info/main", null,
                "application/x-www-form-urlencoded", "paths=a.txt&paths=d&paths=missing&expand=false", Map.of());
        assertThat(form.statusCode()).isEqualTo(200);
        JsonNode entries = json(form);
        assertThat(paths(entries)).containsExactly("a.txt", "d");
        assertThat(entries.get(0).toString()).isEqualTo("{\"type\":\"file\",\"oid\":\"" + gitSha1("a")
                + "\",\"size\":1,\"path\":\"a.txt\"}");
        HttpResponse<String> jsonBody = request("POST", "/api/models/" + repoId + "/paths-info/main", null,
                "application/json", "{\"paths\":[\"d/b.txt\"],\"expand\":true}", Map.of());
        assertThat(json(jsonBody).get(0).get("lastCommit").get("title").asString()).isEqualTo("p");
    }

    // ---------------------------------------------------------------- refs, commits, branches, tags

    @Test
    void branchesTagsRefsAndHistory() {
        String first = head();
        commit("main", header("second"), file("a.txt", "a"));
        commit("main", header("third"), file("b.txt", "b"));
        String write = alice.writeToken();
        assertThat(request("POST", "/api/models/" + repoId + "/branch/dev%2Fone", write, "application/json",
                "{\"startingPoint\":\"" + first + "\"}", Map.of()).statusCode()).isEqualTo(200);
        assertThat(request("POST", "/api/models/" + repoId + "/branch/dev%2Fone", write, "application/json", "{}",
                Map.of()).statusCode()).isEqualTo(409);
        assertThat(request("POST", "/api/models/" + repoId + "/tag/main", write, "application/json",
                "{\"tag\":\"v1\",\"message\":\"first release\"}", Map.of()).statusCode()).isEqualTo(200);
        assertThat(request("POST", "/api/models/" + repoId + "/tag/main", write, "application/json",
                "{\"tag\":\"v1\"}", Map.of()).statusCode()).isEqualTo(409);

        JsonNode refs = json(get("/api/models/" + repoId + "/refs?include_prs=1"));
        assertThat(refs.get("branches").toString()).contains("{\"name\":\"dev/one\",\"ref\":\"refs/heads/dev/one\","
                + "\"targetCommit\":\"" + first + "\"}");
        assertThat(refs.get("tags").get(0).get("targetCommit").asString()).isEqualTo(head());
        assertThat(refs.get("converts").isArray()).isTrue();
        assertThat(refs.get("pullRequests").isArray()).isTrue();
        assertThat(json(get("/api/models/" + repoId + "/refs")).has("pullRequests")).isFalse();

        assertThat(get("/" + repoId + "/resolve/dev%2Fone/.gitattributes").statusCode()).isEqualTo(200);
        assertThat(get("/" + repoId + "/resolve/v1/b.txt").body()).isEqualTo("b");
        assertThat(get("/" + repoId + "/resolve/dev%2Fone/b.txt").statusCode()).isEqualTo(404);

        HttpResponse<String> commits = get("/api/models/" + repoId + "/commits/main?limit=2");
        assertThat(commits.headers().firstValue("X-Total-Count")).hasValue("3");
        JsonNode page = json(commits);
        assertThat(page.get(0).get("title").asString()).isEqualTo("third");
        assertThat(page.get(0).get("authors").get(0).get("user").asString()).isEqualTo(alice.name());
        assertThat(page.get(0).get("date").asString()).matches(DATE);
        String link = commits.headers().firstValue("Link").orElseThrow();
        assertThat(link).endsWith("/api/models/" + repoId + "/commits/main?limit=2&p=1>; rel=\"next\"");
        JsonNode last = json(get(link.substring(link.indexOf('<') + 1 + baseUrl().length(), link.indexOf('>'))));
        assertThat(last.get(0).get("id").asString()).isEqualTo(first);
        assertThat(json(get("/api/models/" + repoId + "/commits/main?expand%5B%5D=formatted")).get(0).get("formatted")
                .get("title").asString()).isEqualTo("<p>third</p>");

        assertThat(request("DELETE", "/api/models/" + repoId + "/branch/dev%2Fone", write, null, null, Map.of())
                .statusCode()).isEqualTo(200);
        assertThat(request("DELETE", "/api/models/" + repoId + "/branch/dev%2Fone", write, null, null, Map.of())
                .statusCode()).isEqualTo(404);
        assertThat(request("DELETE", "/api/models/" + repoId + "/tag/v1", write, null, null, Map.of())
                .statusCode()).isEqualTo(200);
        assertThat(json(get("/api/models/" + repoId + "/refs")).get("tags").size()).isZero();
    }

    // ---------------------------------------------------------------- preupload, validate-yaml

    @Test
    void preuploadDecidesLfsFromAttributesSizeAndContent() throws Exception {
        commit("main", header("p"), file("existing.txt", "abc"));
        String body = "{\"files\":["
                + "{\"path\":\"model.safetensors\",\"size\":10,\"sample\":\"" + b64("abc") + "\"},"
                + "{\"path\":\"big.txt\",\"size\":10485760,\"sample\":\"" + b64("abc") + "\"},"
                + "{\"path\":\"bin.dat\",\"size\":3,\"sample\":\"" + Base64.getEncoder().encodeToString(new byte[] {1, 0, 2})
                + "\"},"
                + "{\"path\":\"existing.txt\",\"size\":3,\"sample\":\"" + b64("abc") + "\"}],"
                + "\"gitIgnore\":\"*.log\\n\"}";
        HttpResponse<String> response = request("POST", "/api/models/" + repoId + "/preupload/main",
                alice.writeToken(), "application/json", body, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode files = json(response).get("files");
        assertThat(files.get(0).toString()).isEqualTo(
                "{\"path\":\"model.safetensors\",\"uploadMode\":\"lfs\",\"shouldIgnore\":false,\"oid\":null}");
        assertThat(files.get(1).get("uploadMode").asString()).isEqualTo("lfs");
        assertThat(files.get(2).get("uploadMode").asString()).isEqualTo("lfs");
        assertThat(files.get(3).toString()).isEqualTo("{\"path\":\"existing.txt\",\"uploadMode\":\"regular\","
                + "\"shouldIgnore\":false,\"oid\":\"" + gitSha1("abc") + "\"}");

        HttpResponse<String> ignored = request("POST", "/api/models/" + repoId + "/preupload/main",
                alice.writeToken(), "application/json",
                "{\"files\":[{\"path\":\"x.log\",\"size\":1,\"sample\":\"eA==\"}],\"gitIgnore\":\"*.log\\n\"}", Map.of());
        assertThat(json(ignored).get("files").get(0).get("shouldIgnore").asBoolean()).isTrue();
    }

    @Test
    void validateYamlAlwaysAnswersJson() {
        HttpResponse<String> ok = request("POST", "/api/validate-yaml", null, "application/json",
                "{\"content\":\"---\\nlicense: mit\\n---\\n# Title\",\"repoType\":\"model\"}", Map.of());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"errors\":[],\"warnings\":[]}");
        HttpResponse<String> bad = request("POST", "/api/validate-yaml", null, "application/json",
                "{\"content\":\"---\\nlicense: [mit\\n---\\n\",\"repoType\":\"model\"}", Map.of());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("errors").get(0).get("message").asString()).startsWith("Invalid YAML");
        HttpResponse<String> notJson = request("POST", "/api/validate-yaml", null, "application/json", "nope", Map.of());
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    // ---------------------------------------------------------------- settings, move, delete

    @Test
    void privateReposHideMovedReposRedirectDeletedReposVanish() {
        commit("main", header("c"), file("f.txt", "f"));
        HttpResponse<String> settings = request("PUT", "/api/models/" + repoId + "/settings", alice.writeToken(),
                "application/json", "{\"private\":true}", Map.of());
        assertThat(settings.statusCode()).isEqualTo(200);
        assertThat(json(settings).get("private").asBoolean()).isTrue();
        HttpResponse<String> anonymous = get("/" + repoId + "/resolve/main/f.txt");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
        TestAccounts.User bob = accounts.user("bob");
        assertThat(request("GET", "/api/models/" + repoId, bob.readToken(), null, null, Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(request("GET", "/api/models/" + repoId, alice.readToken(), null, null, Map.of()).statusCode())
                .isEqualTo(200);
        request("PUT", "/api/models/" + repoId + "/settings", alice.writeToken(), "application/json",
                "{\"visibility\":\"public\",\"gated\":\"manual\"}", Map.of());
        assertThat(json(get("/api/models/" + repoId)).get("gated").asString()).isEqualTo("manual");

        String newName = TestAccounts.uniqueName("moved");
        HttpResponse<String> moved = accounts.call("POST", "/api/repos/move", alice.writeToken(),
                Map.of("fromRepo", repoId, "toRepo", alice.name() + "/" + newName, "type", "model"));
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        HttpResponse<String> oldApi = get("/api/models/" + repoId + "/revision/main?blobs=true");
        assertThat(oldApi.statusCode()).isEqualTo(307);
        assertThat(oldApi.headers().firstValue("Location"))
                .hasValue("/api/models/" + alice.name() + "/" + newName + "/revision/main?blobs=true");
        HttpResponse<String> oldResolve = request("HEAD", "/" + repoId + "/resolve/main/f.txt", null, null, null,
                Map.of());
        assertThat(oldResolve.statusCode()).isEqualTo(307);
        assertThat(oldResolve.headers().firstValue("Location"))
                .hasValue("/" + alice.name() + "/" + newName + "/resolve/main/f.txt");
        assertThat(get("/" + alice.name() + "/" + newName + "/resolve/main/f.txt").body()).isEqualTo("f");

        HttpResponse<String> deleted = accounts.call("DELETE", "/api/repos/delete", alice.writeToken(),
                Map.of("name", newName, "organization", alice.name(), "type", "model"));
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(request("GET", "/api/models/" + alice.name() + "/" + newName, alice.writeToken(), null, null,
                Map.of()).statusCode()).isEqualTo(404);
        HttpResponse<String> again = accounts.call("DELETE", "/api/repos/delete", alice.writeToken(),
                Map.of("name", newName, "organization", alice.name(), "type", "model"));
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
