package org.selfhub.hub.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The {@code hfw_} model read tokens a lease carries (protocol §3 {@code files}) on the ordinary file
 * routes: they read their one repository at their one commit, private or not, and nothing else; they
 * never write; an expired, forged or unknown one answers 401 like any bad credential.
 */
class InferenceReadTokenIntegrationTests extends InferenceIntegrationTest {

    @Autowired
    ModelReadTokens tokens;

    @Test
    void aReadTokenReadsItsRepositoryAtItsCommitOnly() {
        TestAccounts.User alice = accounts.user("rt");
        String a = repoWithFile(alice, "rt-private", true, "weights.txt", "secret weights");
        String b = repoWithFile(alice, "rt-public", false, "other.txt", "public bytes");
        String shaA = sha(a, alice);
        String token = tokens.issue(repositoryId(a), shaA, Duration.ofMinutes(5));
        assertThat(token).startsWith("hfw_");

        // Its repository (private) at its commit: files, listing and HEAD.
        HttpResponse<String> file = get("/" + a + "/resolve/" + shaA + "/weights.txt", token);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("secret weights");
        assertThat(send(HttpRequest.newBuilder(URI.create(baseUrl() + "/" + a + "/resolve/" + shaA + "/weights.txt"))
                .header("Authorization", "Bearer " + token).method("HEAD", HttpRequest.BodyPublishers.noBody()).build())
                .statusCode()).isEqualTo(200);
        HttpResponse<String> info = get("/api/models/" + a + "/revision/" + shaA, token);
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.body()).contains("\"rfilename\":\"weights.txt\"");
        // Without it the private repository is hidden.
        assertThat(get("/" + a + "/resolve/" + shaA + "/weights.txt", null).statusCode()).isEqualTo(401);

        // Another repository, even a public one: refused as if missing.
        HttpResponse<String> other = get("/" + b + "/resolve/main/other.txt", token);
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(other.headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
        assertThat(get("/api/models/" + b, token).statusCode()).isEqualTo(401);

        // Another commit of its repository.
        commit(alice, a, Map.of("more.txt", "later"));
        String newer = sha(a, alice);
        assertThat(newer).isNotEqualTo(shaA);
        assertThat(get("/" + a + "/resolve/" + newer + "/weights.txt", token).statusCode()).isEqualTo(401);
        assertThat(get("/" + a + "/resolve/" + shaA + "/weights.txt", token).statusCode()).isEqualTo(200);

        // Never a write.
        HttpResponse<String> write = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/models/" + a + "/commit/main"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson(Map.of("x.txt", "x")))).build());
        assertThat(write.statusCode()).isEqualTo(401);
        assertThat(accounts.call("DELETE", "/api/repos/delete", token, Map.of("name", a.substring(a.indexOf('/') + 1),
                "organization", alice.name(), "type", "model")).statusCode()).isEqualTo(401);
    }

    @Test
    void expiredForgedAndUnsignedTokensAnswer401() {
        TestAccounts.User alice = accounts.user("rt");
        String a = repoWithFile(alice, "rt-exp", false, "f.txt", "bytes");
        String sha = sha(a, alice);
        UUID id = repositoryId(a);
        String path = "/" + a + "/resolve/" + sha + "/f.txt";

        ModelReadTokens yesterday = new ModelReadTokens(SECRET,
                Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC));
        assertThat(get(path, yesterday.issue(id, sha, Duration.ofMinutes(15))).statusCode()).isEqualTo(401);

        ModelReadTokens otherSecret = new ModelReadTokens("not-the-pool-secret", Clock.systemUTC());
        assertThat(get(path, otherSecret.issue(id, sha, Duration.ofMinutes(15))).statusCode()).isEqualTo(401);

        String valid = tokens.issue(id, sha, Duration.ofMinutes(15));
        String payload = valid.substring(4, valid.indexOf('.'));
        String forged = "hfw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                (UUID.randomUUID() + ":" + sha + ":" + (Instant.now().getEpochSecond() + 600))
                        .getBytes(StandardCharsets.US_ASCII)) + valid.substring(valid.indexOf('.'));
        assertThat(payload).isNotEmpty();
        assertThat(get(path, forged).statusCode()).isEqualTo(401);
        HttpResponse<String> garbage = get(path, "hfw_garbage");
        assertThat(garbage.statusCode()).isEqualTo(401);
        assertThat(garbage.body()).contains("Invalid credentials in Authorization header");

        // The public file stays readable anonymously, and with the valid token.
        assertThat(get(path, null).statusCode()).isEqualTo(200);
        assertThat(get(path, valid).statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ helpers

    private HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    private String repoWithFile(TestAccounts.User owner, String prefix, boolean isPrivate, String path, String content) {
        String name = TestAccounts.uniqueName(prefix);
        HttpResponse<String> created = accounts.call("POST", "/api/repos/create", owner.writeToken(),
                Map.of("name", name, "type", "model", "private", isPrivate));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = owner.name() + "/" + name;
        commit(owner, id, Map.of(path, content));
        return id;
    }

    private void commit(TestAccounts.User owner, String id, Map<String, String> files) {
        HttpResponse<String> committed = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/models/" + id
                        + "/commit/main"))
                .header("Authorization", "Bearer " + owner.writeToken())
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson(files))).build());
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
    }

    private static String ndjson(Map<String, String> files) {
        StringBuilder body = new StringBuilder("{\"key\":\"header\",\"value\":{\"summary\":\"files\",\"description\":\"\"}}\n");
        files.forEach((path, content) -> body.append("{\"key\":\"file\",\"value\":{\"path\":\"").append(path)
                .append("\",\"content\":\"")
                .append(Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)))
                .append("\",\"encoding\":\"base64\"}}\n"));
        return body.toString();
    }

    private String sha(String id, TestAccounts.User owner) {
        HttpResponse<String> info = get("/api/models/" + id + "/revision/main", owner.readToken());
        assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
        return TestAccounts.json(info.body()).path("sha").asString();
    }

    private UUID repositoryId(String id) {
        return jdbc.sql("SELECT id FROM repository WHERE lower(namespace || '/' || name) = lower(:id)")
                .param("id", id).query(UUID.class).single();
    }
}
