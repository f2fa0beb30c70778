package org.selfhub.hub.xet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.PythonVenv;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * The real {@code huggingface_hub} (2.4.0, and 1.33.0 in its own venv) with {@code hf_xet} and without
 * {@code HF_HUB_DISABLE_XET}: its uploads go through the Xet protocol (there is no LFS fallback from
 * 1.20 on), then the files come back through hf_xet, through plain HTTP ({@code HF_HUB_DISABLE_XET=1}:
 * server-side reconstruction), through curl with a Range, and through {@code git clone} with
 * {@code git-lfs} (the LFS batch download of a Xet-only object), byte for byte. Every run gets a
 * fresh {@code HF_HOME} and {@code HF_XET_CACHE}.
 */
class XetHuggingfaceHubIntegrationTests extends HubIntegrationTest {

    private static final Path SCRIPT = Path.of("src", "test", "python", "xet_roundtrip.py").toAbsolutePath();

    @ParameterizedTest(name = "huggingface_hub {0}")
    @ValueSource(strings = {"2.4.0", "1.33.0"})
    void uploadsThroughXetAndDownloadsWithAndWithoutIt(String version) throws Exception {
        TestAccounts accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        TestAccounts.User user = accounts.user("xet-py");
        String name = TestAccounts.uniqueName("xet-e2e");
        String repoId = user.name() + "/" + name;
        assertThat(accounts.call("POST", "/api/repos/create", user.writeToken(), Map.of("name", name, "type", "model"))
                .statusCode()).isEqualTo(200);
        PythonVenv venv = PythonVenv.forHuggingfaceHub(version);
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "xet-e2e-");
        try {
            JsonNode uploaded = run(venv, "upload", repoId, work.resolve("up"), user.writeToken(), false);
            JsonNode xetHashes = uploaded.path("tree_xet_hashes");
            assertThat(xetHashes.path("big.bin").asString()).matches("[0-9a-f]{64}");
            assertThat(xetHashes.path("notes.txt").asString()).matches("[0-9a-f]{64}");
            assertThat(xetHashes.path("folder/sub/a.bin").asString()).matches("[0-9a-f]{64}");

            HttpResponse<byte[]> head = bytes("HEAD", "/" + repoId + "/resolve/main/big.bin", user.readToken(), null);
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("X-Xet-Hash")).hasValue(xetHashes.path("big.bin").asString());
            assertThat(head.headers().firstValue("X-Linked-Etag"))
                    .hasValue("\"" + uploaded.path("big_sha256").asString() + "\"");

            for (boolean disableXet : new boolean[] {false, true}) {
                JsonNode downloaded = run(venv, "download", repoId, work.resolve("down-" + disableXet), user.readToken(),
                        disableXet);
                assertThat(downloaded.path("big_sha256").asString()).as("xet disabled: " + disableXet)
                        .isEqualTo(uploaded.path("big_sha256").asString());
                assertThat(downloaded.path("text_sha256").asString()).isEqualTo(uploaded.path("text_sha256").asString());
                assertThat(downloaded.path("snapshot_bin_sha256").asString())
                        .isEqualTo(uploaded.path("folder_bin_sha256").asString());
                assertThat(downloaded.path("snapshot_readme").asString()).isEqualTo("# folder\n");
                if (!disableXet) {
                    assertThat(downloaded.path("ranged_reads").properties()).hasSize(3);
                    assertThat(downloaded.path("ranged_reads").properties())
                            .allSatisfy(e -> assertThat(e.getValue().asBoolean()).as(e.getKey()).isTrue());
                }
            }

            // Plain HTTP, as curl and browsers see it: the whole file and exact ranges.
            HttpResponse<byte[]> whole = bytes("GET", "/" + repoId + "/resolve/main/big.bin", user.readToken(), null);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(whole.body())))
                    .isEqualTo(uploaded.path("big_sha256").asString());
            byte[] all = whole.body();
            Path part = work.resolve("curl-part");
            PythonVenv.Result curl = PythonVenv.exec(List.of("curl", "-sS", "-f", "-o", part.toString(),
                    "-H", "Authorization: Bearer " + user.readToken(), "-r", "34999990-35100009",
                    baseUrl() + "/" + repoId + "/resolve/main/big.bin"), Map.of(), 120);
            assertThat(curl.exitCode()).as(curl.stderr()).isZero();
            assertThat(Files.readAllBytes(part)).isEqualTo(Arrays.copyOfRange(all, 34_999_990, 35_100_010));
            HttpResponse<byte[]> tail = bytes("GET", "/" + repoId + "/resolve/main/big.bin", user.readToken(),
                    "bytes=-777");
            assertThat(tail.statusCode()).isEqualTo(206);
            assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(all, all.length - 777, all.length));

            // git clone + git-lfs: the batch download of Xet-only objects serves the rebuilt files.
            Path home = work.resolve("git-home");
            Files.createDirectories(home);
            Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = Xet Tester\n\temail = xet@example.test\n");
            git(home, home, "lfs", "install", "--skip-repo");
            String cloneUrl = "http://user:" + user.readToken() + "@127.0.0.1:" + port + "/" + repoId;
            git(home, work, "clone", cloneUrl, "clone");
            Path clone = work.resolve("clone");
            Path up = work.resolve("up");
            for (String file : List.of("big.bin", "notes.txt")) {
                assertThat(Files.mismatch(clone.resolve(file), up.resolve(file))).as("git-lfs " + file).isEqualTo(-1L);
            }
            assertThat(Files.mismatch(clone.resolve("folder/sub/a.bin"), up.resolve("folder/sub/a.bin")))
                    .as("git-lfs folder/sub/a.bin").isEqualTo(-1L);
            assertThat(git(home, clone, "lfs", "ls-files", "--name-only")).contains("big.bin", "notes.txt",
                    "folder/sub/a.bin");
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }
    }

    private JsonNode run(PythonVenv venv, String mode, String repoId, Path dir, String token, boolean disableXet)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, String> env = new HashMap<>();
        env.put("HF_ENDPOINT", baseUrl());
        env.put("HF_TOKEN", token);
        env.put("HF_HOME", dir.resolve("home").toString());
        env.put("HF_XET_CACHE", dir.resolve("xet-cache").toString());
        env.put("HF_HUB_DISABLE_TELEMETRY", "1");
        if (disableXet) {
            env.put("HF_HUB_DISABLE_XET", "1");
        }
        PythonVenv.Result result = PythonVenv.exec(List.of(venv.python().toString(), SCRIPT.toString(), mode, repoId,
                dir.toString()), env, 600);
        assertThat(result.exitCode()).as(mode + " failed:\n" + result.stderr()).isZero();
        String[] lines = result.stdout().strip().split("\n");
        return TestAccounts.json(lines[lines.length - 1]);
    }

    /** Runs the real git in a fresh HOME without prompts; returns its output. */
    private static String git(Path home, Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        PythonVenv.Result result = PythonVenv.exec(command, Map.of("HOME", home.toString(), "XDG_CONFIG_HOME",
                home.resolve(".config").toString(), "GIT_CONFIG_NOSYSTEM", "1", "GIT_TERMINAL_PROMPT", "0",
                "LC_ALL", "C"), 600);
        assertThat(result.exitCode()).as("git " + String.join(" ", args) + ":\n" + result.stderr()).isZero();
        return result.stdout();
    }

    private HttpResponse<byte[]> bytes(String method, String path, String token, String range) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + token);
        if (range != null) {
            b.header("Range", range);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
