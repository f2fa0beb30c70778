package org.selfhub.hub.lfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The read hot path's caches give way at once, in this replica, to the changes they could hide:
 * a revoked token, a repository made private, a deleted repository's LFS links. Each request is
 * made twice before the change so that the answer is served from the cache.
 */
class HotPathCachesIntegrationTests extends HubIntegrationTest {

    @Autowired
    LfsObjectService objects;

    private TestAccounts accounts;
    private TestAccounts.User alice;

    @BeforeEach
    void setUp() {
        accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        alice = accounts.user("alice");
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        String repoId = model(Map.of("config.json", "{}"));
        assertThat(resolve("HEAD", repoId, "config.json", alice.readToken())).isEqualTo(200);
        assertThat(resolve("HEAD", repoId, "config.json", alice.readToken())).isEqualTo(200);

        JsonNode tokens = TestAccounts.json(accounts.call("GET", "/api/settings/tokens", alice.writeToken(), null).body());
        long readTokenId = -1;
        for (JsonNode token : tokens) {
            if (alice.readToken().startsWith(token.get("prefix").asString())
                    && token.get("role").asString().equals("read")) {
                readTokenId = token.get("id").asLong();
            }
        }
        assertThat(readTokenId).isPositive();
        assertThat(accounts.call("DELETE", "/api/settings/tokens/" + readTokenId, alice.writeToken(), null)
                .statusCode()).isEqualTo(204);

        assertThat(resolve("HEAD", repoId, "config.json", alice.readToken())).isEqualTo(401);
        assertThat(resolve("HEAD", repoId, "config.json", alice.writeToken())).isEqualTo(200);
    }

    @Test
    void aRepositoryMadePrivateHidesAtOnce() {
        String repoId = model(Map.of("config.json", "{}"));
        assertThat(resolve("GET", repoId, "config.json", null)).isEqualTo(200);
        assertThat(resolve("HEAD", repoId, "config.json", null)).isEqualTo(200);

        HttpResponse<String> settings = accounts.call("PUT", "/api/models/" + repoId + "/settings",
                alice.writeToken(), Map.of("private", true));
        assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);

        assertThat(resolve("HEAD", repoId, "config.json", null)).isIn(401, 404);
        assertThat(resolve("GET", repoId, "config.json", null)).isIn(401, 404);
        assertThat(resolve("GET", repoId, "config.json", alice.readToken())).isEqualTo(200);
    }

    @Test
    void aDeletedRepositorysLinksAreGone() {
        String repoId = model(Map.of("README.md", "hello"));
        UUID id = UUID.fromString(TestAccounts.json(accounts.call("GET", "/api/models/" + repoId,
                alice.readToken(), null).body()).get("_id").asString());
        String oid = "%064x".formatted(new java.math.BigInteger(1, UUID.randomUUID().toString()
                .getBytes(StandardCharsets.UTF_8)).mod(java.math.BigInteger.TWO.pow(255)));
        objects.recordAndLink(id, oid, 5);
        assertThat(objects.isLinked(id, oid)).isTrue();
        assertThat(objects.isLinked(id, oid)).isTrue();

        HttpResponse<String> deleted = accounts.call("DELETE", "/api/repos/delete", alice.writeToken(),
                Map.of("name", repoId.substring(repoId.indexOf('/') + 1), "type", "model"));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);

        assertThat(objects.isLinked(id, oid)).isFalse();
        assertThat(resolve("HEAD", repoId, "README.md", alice.readToken())).isEqualTo(404);
    }

    @Test
    void aLinkMadeHereIsSeenAtOnce() {
        String repoId = model(Map.of("README.md", "hello"));
        UUID id = UUID.fromString(TestAccounts.json(accounts.call("GET", "/api/models/" + repoId,
                alice.readToken(), null).body()).get("_id").asString());
        String oid = "%064x".formatted(new java.math.BigInteger(1, UUID.randomUUID().toString()
                .getBytes(StandardCharsets.UTF_8)).mod(java.math.BigInteger.TWO.pow(255)));
        assertThat(objects.isLinked(id, oid)).isFalse();
        objects.recordAndLink(id, oid, 5);
        assertThat(objects.isLinked(id, oid)).isTrue();
    }

    // ---------------------------------------------------------------- helpers

    private String model(Map<String, String> files) {
        String repoId = alice.name() + "/" + TestAccounts.uniqueName("cached");
        String name = repoId.substring(repoId.indexOf('/') + 1);
        HttpResponse<String> created = accounts.call("POST", "/api/repos/create", alice.writeToken(),
                Map.of("name", name, "type", "model"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        StringBuilder body = new StringBuilder("{\"key\":\"header\",\"value\":{\"summary\":\"files\",\"description\":\"\"}}\n");
        files.forEach((path, content) -> body.append("{\"key\":\"file\",\"value\":{\"path\":\"").append(path)
                .append("\",\"content\":\"")
                .append(Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)))
                .append("\",\"encoding\":\"base64\"}}\n"));
        HttpResponse<String> committed = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/models/"
                        + repoId + "/commit/main"))
                .header("Authorization", "Bearer " + alice.writeToken())
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        return repoId;
    }

    private int resolve(String method, String repoId, String file, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/" + repoId + "/resolve/main/" + file))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build()).statusCode();
    }
}
