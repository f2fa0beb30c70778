package org.selfhub.hub.xet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.PythonVenv;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real {@code @huggingface/hub} (npm, {@value #VERSION}) uploads files over 10 MB through Xet
 * (it offers {@code xet} in the LFS batch and the hub picks it) and downloads them back through
 * Xet, byte for byte. The client's xorb and shard bodies are saved under
 * {@code target/xet-js-capture/} (the script wraps the client's fetch) for fixture work. Installs the
 * package under {@code target/npm-hub-<version>} when it is missing (needs npm and the registry once).
 */
class XetHubJsIntegrationTests extends HubIntegrationTest {

    static final String VERSION = "2.17.5";

    private static final Path SCRIPT = Path.of("src", "test", "js", "xet_js_roundtrip.mjs").toAbsolutePath();

    @Test
    void uploadsAndDownloadsThroughXet() throws Exception {
        TestAccounts accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        TestAccounts.User user = accounts.user("xet-js");
        String name = TestAccounts.uniqueName("xet-js");
        String repoId = user.name() + "/" + name;
        assertThat(accounts.call("POST", "/api/repos/create", user.writeToken(), Map.of("name", name, "type", "model"))
                .statusCode()).isEqualTo(200);
        Path capture = Path.of("target", "xet-js-capture").toAbsolutePath();
        FileSystemUtils.deleteRecursively(capture);
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "xet-js-");
        try {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("module", module().toString());
            input.put("endpoint", baseUrl());
            input.put("token", user.writeToken());
            input.put("repo", repoId);
            input.put("capture", capture.toString());
            Path inputFile = work.resolve("input.json");
            Files.writeString(inputFile, JsonMapper.builder().build().writeValueAsString(input));
            PythonVenv.Result run = PythonVenv.exec(List.of("node", SCRIPT.toString(), inputFile.toString()), Map.of(),
                    600);
            assertThat(run.exitCode()).as(run.stderr() + run.stdout()).isZero();
            String[] lines = run.stdout().strip().split("\n");
            JsonNode result = TestAccounts.json(lines[lines.length - 1]);
            assertThat(result.path("files").properties()).hasSize(2);
            for (String path : List.of("random.bin", "notes.txt")) {
                JsonNode file = result.path("files").path(path);
                assertThat(file.path("downloaded_equal").asBoolean()).as(path + " byte for byte").isTrue();
                assertThat(file.path("lfs_oid").asString()).as(path).isEqualTo(file.path("sha256").asString());
                assertThat(file.path("xet_hash").asString()).as(path + " went through Xet").matches("[0-9a-f]{64}");
            }
            assertThat(result.path("posted").toString()).contains("xorb-").contains("shard-");
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }
    }

    /** {@code dist/index.mjs} of the pinned package, installed under {@code target/} when missing. */
    static synchronized Path module() throws IOException {
        Path dir = Path.of("target", "npm-hub-" + VERSION).toAbsolutePath();
        Path pkg = dir.resolve("node_modules/@huggingface/hub/package.json");
        if (!Files.exists(pkg) || !Files.readString(pkg).contains("\"version\": \"" + VERSION + "\"")) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("package.json"), "{\"private\": true}\n");
            PythonVenv.Result npm = PythonVenv.exec(List.of("npm", "install", "--prefix", dir.toString(), "--no-audit",
                    "--no-fund", "--no-save", "@huggingface/hub@" + VERSION), Map.of(), 900);
            if (npm.exitCode() != 0) {
                throw new UncheckedIOException(new IOException("npm install @huggingface/hub failed: " + npm.stderr()));
            }
        }
        return dir.resolve("node_modules/@huggingface/hub/dist/index.mjs");
    }
}
