package org.selfhub.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.PythonVenv;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web UI end to end (issue 8): {@code hub-web/e2e/run.mjs} drives Debian's Chromium through
 * playwright-core against this hub, then the real {@code huggingface_hub} downloads the file the
 * browser uploaded, with the token the browser created. Screenshots of each page land in
 * {@code hub-server/target/e2e-screenshots/}, the run's JSON result in
 * {@code target/e2e-result.json}. Needs {@code /usr/bin/chromium} (installed by {@code .ci/run})
 * and {@code hub-web/node_modules} (the Maven build's {@code npm ci}); without them it fails.
 */
class BrowserEndToEndTests extends HubIntegrationTest {

    private static final Path HUB_WEB = Path.of("..", "hub-web").toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots").toAbsolutePath();
    private static final Path RESULT = Path.of("target", "e2e-result.json").toAbsolutePath();
    private static final Path OUTPUT = Path.of("target", "e2e-output.txt").toAbsolutePath();
    private static final long BIG_SIZE = 20L * 1024 * 1024;
    private static final List<String> PAGES = List.of("01-home", "02-login", "03-new-repository", "04-upload-done",
            "05-model-card", "06-files", "07-blob-lfs", "08-blob-readme", "09-history", "10-commit", "11-tokens",
            "12-settings-private", "13-private-anonymous", "14-xss-card", "15-admin-users", "16-login-disabled");

    @TempDir
    Path hfHome;

    @Test
    void theBrowserJourneyAndADownloadWithTheTokenItCreated() throws Exception {
        requireTools();
        String runId = Long.toString(System.currentTimeMillis(), 36);
        JsonNode result = runBrowser(runId);

        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        String repoId = "e2e-alice-" + runId + "/browser-model-" + runId;
        assertThat(result.get("repoId").asString()).isEqualTo(repoId);
        String expectedSha = sha256(deterministicBytes((int) BIG_SIZE, 0x5eed1234));
        JsonNode file = result.get("file");
        assertThat(file.get("path").asString()).isEqualTo("weights.bin");
        assertThat(file.get("size").asLong()).isEqualTo(BIG_SIZE);
        assertThat(file.get("sha256").asString()).isEqualTo(expectedSha);
        assertThat(file.get("lfsOid").asString()).isEqualTo(expectedSha);
        assertThat(result.get("commit").asString()).matches("[0-9a-f]{40}");

        JsonNode xss = result.get("xss");
        assertThat(xss.has("pwned")).as("window.__pwned was set: %s", xss).isFalse();
        assertThat(xss.get("scripts").asInt()).isZero();
        assertThat(xss.get("handlers").size()).isZero();
        assertThat(xss.get("dialogs").size()).isZero();

        List<String> screenshots = new ArrayList<>();
        result.get("screenshots").forEach(name -> screenshots.add(name.asString()));
        assertThat(screenshots).containsExactlyElementsOf(PAGES.stream().map(page -> page + ".png").toList());
        for (String name : screenshots) {
            byte[] png = Files.readAllBytes(SCREENSHOTS.resolve(name));
            assertThat(png).as(name).startsWith(0x89, 'P', 'N', 'G');
            assertThat(png.length).as(name).isGreaterThan(5_000);
        }

        // The issue asks for the first page of a repository in under a second; the run measures it
        // (fresh browser context, navigation start → card title on screen) and this reports it. The
        // bound is generous: the CI machine has two cores shared with other builds.
        JsonNode visible = result.get("pageVisibleMs");
        System.out.println("e2e: repository card visible after " + visible + " ms; steps " + result.get("timings"));
        assertThat(visible.get("coldMedian").asLong()).isLessThan(5_000);
        assertThat(visible.get("warmMedian").asLong()).isLessThan(5_000);

        downloadWithTheBrowsersToken(result.get("token").asString(), repoId, expectedSha, result.get("readme"));
    }

    /** huggingface_hub with the read token made in the browser: the private repository's files, byte for byte. */
    private void downloadWithTheBrowsersToken(String token, String repoId, String bigSha, JsonNode readme) {
        PythonVenv venv = PythonVenv.forHuggingfaceHub("2.4.0");
        Map<String, String> env = Map.of("HF_ENDPOINT", baseUrl(), "HF_TOKEN", token, "HF_HUB_DISABLE_TELEMETRY", "1",
                "HF_HOME", hfHome.toString(), "NO_COLOR", "1", "REPO_ID", repoId);
        PythonVenv.Result download = venv.run("""
                import hashlib, os, tempfile
                from huggingface_hub import hf_hub_download, whoami
                from huggingface_hub.errors import RepositoryNotFoundError
                repo = os.environ["REPO_ID"]
                print(whoami()["auth"]["accessToken"]["role"])
                for name in ("weights.bin", "README.md"):
                    path = hf_hub_download(repo, name)
                    data = open(path, "rb").read()
                    print(name, len(data), hashlib.sha256(data).hexdigest())
                try:
                    hf_hub_download(repo, "README.md", token=False, cache_dir=tempfile.mkdtemp())
                    print("anonymous: downloaded")
                except RepositoryNotFoundError:
                    print("anonymous: not found")
                """, env, 300);
        assertThat(download.exitCode()).as(download.stderr()).isZero();
        assertThat(download.stdout()).isEqualTo("read\n"
                + "weights.bin " + BIG_SIZE + " " + bigSha + "\n"
                + "README.md " + readme.get("size").asLong() + " " + readme.get("sha256").asString() + "\n"
                + "anonymous: not found\n");
    }

    private static void requireTools() {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("No Chromium at " + CHROMIUM + ": the browser end-to-end test needs Debian's package "
                    + "(apt-get install chromium; .ci/run installs it) or CHROMIUM=/path/to/chromium");
        }
        if (!Files.isRegularFile(HUB_WEB.resolve("node_modules/playwright-core/package.json"))) {
            fail("No " + HUB_WEB.resolve("node_modules/playwright-core") + ": run the reactor build (./mvnw verify "
                    + "runs npm ci in hub-web) or npm ci in hub-web first");
        }
    }

    private JsonNode runBrowser(String runId) throws IOException, InterruptedException {
        Files.createDirectories(SCREENSHOTS);
        Files.deleteIfExists(RESULT);
        try (var old = Files.list(SCREENSHOTS)) {
            for (Path png : old.toList()) {
                Files.delete(png);
            }
        }
        ProcessBuilder builder = new ProcessBuilder("node", "e2e/run.mjs").directory(HUB_WEB.toFile())
                .redirectErrorStream(true).redirectOutput(OUTPUT.toFile());
        builder.environment().putAll(Map.of("HUB_URL", baseUrl(), "ADMIN_TOKEN", ADMIN_TOKEN,
                "CHROMIUM", CHROMIUM.toString(), "SCREENSHOT_DIR", SCREENSHOTS.toString(),
                "E2E_RESULT", RESULT.toString(), "E2E_RUN_ID", runId));
        Process process = builder.start();
        if (!process.waitFor(240, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the browser run did not finish within 240 s:\n" + Files.readString(OUTPUT));
        }
        String output = Files.readString(OUTPUT, StandardCharsets.UTF_8);
        System.out.println(output);
        if (process.exitValue() != 0) {
            fail("the browser run failed (exit " + process.exitValue() + "; screenshots in " + SCREENSHOTS + "):\n"
                    + output);
        }
        return JsonMapper.builder().build().readTree(Files.readString(RESULT));
    }

    /** The run's large file: xorshift32 words from the seed, little-endian, as e2e/support.mjs makes it. */
    static byte[] deterministicBytes(int size, int seed) {
        ByteBuffer buffer = ByteBuffer.allocate((size + 3) / 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
        int x = seed == 0 ? 1 : seed;
        while (buffer.hasRemaining()) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            buffer.putInt(x);
        }
        byte[] bytes = new byte[size];
        System.arraycopy(buffer.array(), 0, bytes, 0, size);
        return bytes;
    }

    static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
