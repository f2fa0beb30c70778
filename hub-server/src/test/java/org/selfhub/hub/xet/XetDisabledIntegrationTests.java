package org.selfhub.hub.xet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.PythonVenv;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * A hub with {@code hub.xet.enabled=false} answers as if Xet did not exist: the token routes and the
 * CAS are 404, resolve carries no {@code X-Xet-Hash} and no {@code xet-auth} link, tree entries have
 * no {@code xetHash}, and the LFS batch picks {@code basic} even when the client offers {@code xet}.
 * The real {@code huggingface_hub} 2.4.0 with {@code hf_xet} installed (no {@code HF_HUB_DISABLE_XET})
 * still uploads (an open binary file: its LFS batch path) and downloads (plain resolve) through LFS.
 * An {@code upload_file} given a path fails on the client's side: from 1.20 on it goes straight to
 * the write-token route whenever hf_xet is importable and has no LFS fallback, so the 404 stops it
 * (observed with 2.4.0 / hf_xet 1.8.0; such a hub needs {@code HF_HUB_DISABLE_XET=1} on those clients).
 *
 * <p>Not a {@link HubIntegrationTest}: its context differs, and a second context on the shared data
 * directory would stop the first one's embedded PostgreSQL, so it has a data directory of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class XetDisabledIntegrationTests {

    private static final Path SCRIPT = Path.of("src", "test", "python", "xet_disabled_roundtrip.py").toAbsolutePath();
    private static final Path DATA_DIR = dataDir();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @DynamicPropertySource
    static void xetOff(DynamicPropertyRegistry registry) {
        registry.add("hub.data-dir", DATA_DIR::toString);
        registry.add("hub.bootstrap.admin-token", () -> HubIntegrationTest.ADMIN_TOKEN);
        registry.add("hub.xet.enabled", () -> "false");
    }

    @Test
    void answersWithoutXetAndHuggingfaceHubWithHfXetStillUsesLfs() throws Exception {
        String base = "http://127.0.0.1:" + port;
        TestAccounts accounts = TestAccounts.create(base, HubIntegrationTest.ADMIN_TOKEN);
        TestAccounts.User user = accounts.user("xet-off");
        String name = TestAccounts.uniqueName("xet-off");
        String repoId = user.name() + "/" + name;
        assertThat(accounts.call("POST", "/api/repos/create", user.writeToken(), Map.of("name", name, "type", "model"))
                .statusCode()).isEqualTo(200);

        for (String scope : List.of("read", "write")) {
            assertThat(send("GET", "/api/models/" + repoId + "/xet-" + scope + "-token/main", user.writeToken(), null)
                    .statusCode()).as(scope + " token").isEqualTo(404);
        }
        assertThat(send("GET", XetProperties.DEFAULT_CAS_PATH + "/v1/reconstructions/" + "ab".repeat(32),
                user.writeToken(), null).statusCode()).isEqualTo(404);

        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "xet-off-");
        try {
            PythonVenv venv = PythonVenv.forHuggingfaceHub("2.4.0");
            PythonVenv.Result run = PythonVenv.exec(List.of(venv.python().toString(), SCRIPT.toString(), repoId,
                    work.toString()), Map.of("HF_ENDPOINT", base, "HF_TOKEN", user.writeToken(), "HF_HOME",
                    work.resolve("home").toString(), "HF_XET_CACHE", work.resolve("xet-cache").toString(),
                    "HF_HUB_DISABLE_TELEMETRY", "1"), 600);
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            String[] lines = run.stdout().strip().split("\n");
            JsonNode result = TestAccounts.json(lines[lines.length - 1]);
            String sha256 = result.path("sha256").asString();
            assertThat(result.path("tree_lfs_oid").asString()).isEqualTo(sha256);
            assertThat(result.path("tree_xet_hash").isNull()).as(result.toString()).isTrue();
            assertThat(result.path("downloaded_sha256").asString()).isEqualTo(sha256);
            if (result.path("by_path").asString().equals("uploaded")) {
                assertThat(result.path("by_path_downloaded_sha256").asString()).isEqualTo(sha256);
            } else {
                // The client's own limit (no fallback from Xet), reached through the hub's 404 on the token.
                assertThat(result.path("by_path").asString()).contains("404").contains("/xet-write-token/main");
            }

            HttpResponse<String> head = send("HEAD", "/" + repoId + "/resolve/main/model.bin", user.readToken(), null);
            assertThat(head.statusCode()).isIn(200, 302);
            assertThat(head.headers().firstValue("X-Linked-Etag")).hasValue("\"" + sha256 + "\"");
            assertThat(head.headers().firstValue("X-Xet-Hash")).isEmpty();
            assertThat(head.headers().allValues("Link")).noneMatch(l -> l.contains("xet"));
            HttpResponse<String> tree = send("GET", "/api/models/" + repoId + "/tree/main", user.readToken(), null);
            assertThat(tree.statusCode()).isEqualTo(200);
            assertThat(tree.body()).doesNotContain("xetHash").contains(sha256);

            String batch = "{\"operation\":\"upload\",\"transfers\":[\"basic\",\"multipart\",\"xet\"],"
                    + "\"hash_algo\":\"sha256\",\"objects\":[{\"oid\":\"" + "cd".repeat(32) + "\",\"size\":123}]}";
            HttpResponse<String> lfs = send("POST", "/" + repoId + ".git/info/lfs/objects/batch", user.writeToken(),
                    batch);
            assertThat(lfs.statusCode()).as(lfs.body()).isEqualTo(200);
            JsonNode answer = TestAccounts.json(lfs.body());
            assertThat(answer.path("transfer").asString()).isEqualTo("basic");
            assertThat(answer.toString()).doesNotContain("X-Xet-");
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }
    }

    private HttpResponse<String> send(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/vnd.git-lfs+json").header("Accept", "application/vnd.git-lfs+json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path dataDir() {
        try {
            Path target = Path.of("target").toAbsolutePath();
            Files.createDirectories(target);
            return Files.createTempDirectory(target, "it-xet-off-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
