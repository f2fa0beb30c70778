package org.selfhub.hub.stats;

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
 * Downloads (query files only, once per client per repository per day, 30-day and all-time), likes
 * (like, unlike, the user's likes, likers) and the trending score, over HTTP. The next days are
 * simulated by handing the counter a date, as the clock would.
 */
class CountersIntegrationTests extends HubIntegrationTest {

    @Autowired
    DownloadCounter downloads;

    @Autowired
    CounterWindows windows;

    private TestAccounts accounts;
    private TestAccounts.User alice;
    private TestAccounts.User bob;

    @BeforeEach
    void setUp() {
        accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        alice = accounts.user("alice");
        bob = accounts.user("bob");
    }

    @Test
    void countsAModelDownloadOncePerClientPerDayFromItsConfig() {
        String repoId = model(Map.of("config.json", "{\"model_type\":\"bert\"}", "model.safetensors", "weights",
                "README.md", "hello"));
        assertThat(counts(repoId)).isEqualTo("0/0");

        assertThat(download(repoId, "config.json", alice.readToken())).isEqualTo(200);
        assertThat(counts(repoId)).isEqualTo("1/1");
        assertThat(download(repoId, "config.json", alice.writeToken())).isEqualTo(200);
        assertThat(headDownload(repoId, "config.json", alice.readToken())).isEqualTo(200);
        assertThat(counts(repoId)).as("the same account, the same day").isEqualTo("1/1");

        // not query files while the model has a config.json
        assertThat(download(repoId, "model.safetensors", bob.readToken())).isEqualTo(200);
        assertThat(download(repoId, "README.md", bob.readToken())).isEqualTo(200);
        assertThat(counts(repoId)).isEqualTo("1/1");

        assertThat(download(repoId, "config.json", bob.readToken())).isEqualTo(200);
        assertThat(download(repoId, "config.json", null)).isEqualTo(200);
        assertThat(download(repoId, "config.json", null)).isEqualTo(200);
        assertThat(counts(repoId)).as("bob, then one anonymous address").isEqualTo("3/3");

        // the next day alice counts again; 30 days after today only that download is in the 30-day window
        UUID id = UUID.fromString(info(repoId).get("_id").asString());
        Long aliceId = accountId(alice);
        assertThat(downloads.record(id, "user:" + aliceId, windows.today().plusDays(1))).isTrue();
        assertThat(downloads.record(id, "user:" + aliceId, windows.today().plusDays(1))).isFalse();
        assertThat(counts(repoId)).isEqualTo("4/4");
        windows.refresh(id, windows.today().plusDays(30));
        assertThat(counts(repoId)).isEqualTo("1/4");
        windows.refresh(id, windows.today().plusDays(31));
        assertThat(counts(repoId)).isEqualTo("0/4");
        windows.refresh(id, windows.today());
        assertThat(counts(repoId)).isEqualTo("4/4");
    }

    @Test
    void countsWeightsOfAModelWithoutConfigAndAnyFileOfADataset() {
        String weightsOnly = model(Map.of("model.gguf", "gguf?", "README.md", "hello"));
        assertThat(download(weightsOnly, "README.md", alice.readToken())).isEqualTo(200);
        assertThat(counts(weightsOnly)).isEqualTo("0/0");
        assertThat(download(weightsOnly, "model.gguf", alice.readToken())).isEqualTo(200);
        assertThat(counts(weightsOnly)).isEqualTo("1/1");

        String dataset = alice.name() + "/" + TestAccounts.uniqueName("counted-data");
        create(dataset, "dataset", Map.of("data/train.csv", "a,b\n"));
        assertThat(download("datasets/" + dataset, "data/train.csv", bob.readToken())).isEqualTo(200);
        assertThat(download("datasets/" + dataset, ".gitattributes", bob.readToken())).isEqualTo(200);
        JsonNode info = TestAccounts.json(get("/api/datasets/" + dataset).body());
        assertThat(info.get("downloads").asLong()).isEqualTo(1);
    }

    @Test
    void likesAndUnlikesAndListsTheUsersLikes() {
        String repoId = model(Map.of("README.md", "hello"));
        String path = "/api/models/" + repoId + "/like";
        assertThat(accounts.call("POST", path, null, null).statusCode()).isEqualTo(401);
        assertThat(accounts.call("POST", path, bob.readToken(), null).statusCode()).isEqualTo(403);
        assertThat(accounts.call("POST", "/api/models/" + alice.name() + "/no-such-repo/like", bob.writeToken(), null)
                .statusCode()).isEqualTo(404);

        assertThat(accounts.call("POST", path, bob.writeToken(), null).statusCode()).isEqualTo(200);
        assertThat(accounts.call("POST", path, bob.writeToken(), null).statusCode()).isEqualTo(200);
        assertThat(info(repoId).get("likes").asLong()).isEqualTo(1);
        assertThat(info(repoId).get("trendingScore").asLong()).isEqualTo(1);
        assertThat(accounts.call("POST", path, alice.writeToken(), null).statusCode()).isEqualTo(200);
        assertThat(info(repoId).get("likes").asLong()).isEqualTo(2);

        JsonNode likes = TestAccounts.json(get("/api/users/" + bob.name() + "/likes").body());
        assertThat(likes).hasSize(1);
        assertThat(likes.get(0).get("repo").toString()).isEqualTo("{\"name\":\"" + repoId + "\",\"type\":\"model\"}");
        assertThat(likes.get(0).get("createdAt").asString()).endsWith("Z");
        JsonNode likers = TestAccounts.json(get("/api/models/" + repoId + "/likers").body());
        assertThat(likers).hasSize(2);
        assertThat(likers.get(0).get("user").asString()).isEqualTo(alice.name());

        // likes older than a week no longer trend
        UUID id = UUID.fromString(info(repoId).get("_id").asString());
        windows.refresh(id, windows.today().plusDays(8));
        assertThat(info(repoId).get("trendingScore").asLong()).isZero();
        assertThat(info(repoId).get("likes").asLong()).isEqualTo(2);
        windows.refresh(id, windows.today());

        assertThat(accounts.call("DELETE", path, bob.writeToken(), null).statusCode()).isEqualTo(200);
        assertThat(accounts.call("DELETE", path, bob.writeToken(), null).statusCode()).isEqualTo(200);
        assertThat(info(repoId).get("likes").asLong()).isEqualTo(1);
        assertThat(TestAccounts.json(get("/api/users/" + bob.name() + "/likes").body())).isEmpty();
        assertThat(get("/api/users/no-such-user-" + UUID.randomUUID() + "/likes").statusCode()).isEqualTo(404);

        // a like of a repository that turned private is listed only to its readers
        accounts.call("POST", path, bob.writeToken(), null);
        assertThat(accounts.call("PUT", "/api/models/" + repoId + "/settings", alice.writeToken(),
                Map.of("private", true)).statusCode()).isEqualTo(200);
        assertThat(TestAccounts.json(get("/api/users/" + bob.name() + "/likes").body())).isEmpty();
        HttpResponse<String> asAlice = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/users/" + bob.name()
                + "/likes")).header("Authorization", "Bearer " + alice.readToken()).GET().build());
        assertThat(TestAccounts.json(asAlice.body())).hasSize(1);
    }

    @Test
    void dailyRefreshKeepsCountersThatDidNotMove() {
        windows.refreshAll(windows.today());
        String repoId = model(Map.of("config.json", "{}"));
        download(repoId, "config.json", alice.readToken());
        windows.refreshAll(windows.today());
        assertThat(counts(repoId)).isEqualTo("1/1");
    }

    // ---------------------------------------------------------------- helpers

    private String model(Map<String, String> files) {
        String repoId = alice.name() + "/" + TestAccounts.uniqueName("counted");
        create(repoId, "model", files);
        return repoId;
    }

    private void create(String repoId, String type, Map<String, String> files) {
        String name = repoId.substring(repoId.indexOf('/') + 1);
        HttpResponse<String> created = accounts.call("POST", "/api/repos/create", alice.writeToken(),
                Map.of("name", name, "type", type));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        StringBuilder body = new StringBuilder("{\"key\":\"header\",\"value\":{\"summary\":\"files\",\"description\":\"\"}}\n");
        files.forEach((path, content) -> body.append("{\"key\":\"file\",\"value\":{\"path\":\"").append(path)
                .append("\",\"content\":\"")
                .append(Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)))
                .append("\",\"encoding\":\"base64\"}}\n"));
        HttpResponse<String> committed = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/" + type + "s/"
                        + repoId + "/commit/main"))
                .header("Authorization", "Bearer " + alice.writeToken())
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
    }

    private int download(String repoPath, String file, String token) {
        return fetch("GET", repoPath, file, token);
    }

    private int headDownload(String repoPath, String file, String token) {
        return fetch("HEAD", repoPath, file, token);
    }

    private int fetch(String method, String repoPath, String file, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/" + repoPath + "/resolve/main/" + file))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build()).statusCode();
    }

    private JsonNode info(String repoId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/models/" + repoId))
                .header("Authorization", "Bearer " + alice.readToken()).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestAccounts.json(response.body());
    }

    /** {@code downloads/downloadsAllTime} of repo info. */
    private String counts(String repoId) {
        JsonNode info = info(repoId);
        return info.get("downloads").asLong() + "/" + info.get("downloadsAllTime").asLong();
    }

    private Long accountId(TestAccounts.User user) {
        HttpResponse<String> me = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/whoami-v2"))
                .header("Authorization", "Bearer " + user.readToken()).GET().build());
        // whoami's id is the account id as 24 hex digits
        return Long.parseLong(TestAccounts.json(me.body()).get("id").asString(), 16);
    }
}
