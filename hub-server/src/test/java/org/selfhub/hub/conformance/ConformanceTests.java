package org.selfhub.hub.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.PythonVenv;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client conformance matrix (issue 7): real clients — huggingface_hub 0.36.2, 1.0.1, 1.20.0 and 2.4.0
 * (each once with {@code HF_HUB_DISABLE_XET=1}, uploading through LFS, and once uploading through Xet),
 * transformers, datasets, @huggingface/hub and git with git-lfs — run the calls of the scripts in
 * {@code src/test/conformance} against this hub. Each script checks every call's result itself (content by
 * sha256, exact fields, the exact exception class) against the seeded fixtures and reports one line per call:
 * pass, fail, unsupported (with the reason) or pending (git smart HTTP not served yet).
 *
 * <p>A cell listed in {@code src/test/conformance/baseline.json} that does not pass is a regression and fails
 * the build. Any other cell that does not pass is reported (skipped) and written to the document. A full run
 * writes {@code docs/conformance.md}. Options ({@code -D}):
 * <ul>
 *   <li>{@code conformance.client=hf-1.20.0[,git]}: only these columns;</li>
 *   <li>{@code conformance.call=upload_file_lfs[,whoami]}: only these calls (the document is then not written);</li>
 *   <li>{@code conformance.updateBaseline=true}: add every passing cell to the baseline (cells are removed
 *       from it by hand only).</li>
 * </ul>
 */
class ConformanceTests extends HubIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path BASELINE = ConformanceClient.SCRIPTS.resolve("baseline.json");
    private static final Path DOC = Path.of("..", "docs", "conformance.md").toAbsolutePath().normalize();

    /** client id → call → result, in the order the scripts reported them. */
    private static final Map<String, Map<String, Cell>> RESULTS = new ConcurrentHashMap<>();
    private static final Map<String, String> VERSIONS = new ConcurrentHashMap<>();

    record Cell(String status, String detail) {
    }

    private JsonNode seed;
    private TestAccounts.User seedUser;

    @TestFactory
    Stream<DynamicNode> matrix() {
        Set<String> clients = option("conformance.client");
        return ConformanceClient.all().stream()
                .filter(c -> clients.isEmpty() || clients.contains(c.id()))
                .map(c -> DynamicContainer.dynamicContainer(c.id(), Stream.of(c).flatMap(this::cells)));
    }

    private Stream<DynamicNode> cells(ConformanceClient client) {
        Map<String, Cell> results = run(client);
        RESULTS.put(client.id(), results);
        Set<String> baseline = baseline().getOrDefault(client.id(), Set.of());
        Set<String> calls = option("conformance.call");
        List<DynamicNode> tests = new ArrayList<>();
        results.forEach((call, cell) -> tests.add(DynamicTest.dynamicTest(call, () -> check(client, call, cell,
                baseline.contains(call)))));
        for (String call : baseline) {
            if (!results.containsKey(call) && (calls.isEmpty() || calls.contains(call))) {
                tests.add(DynamicTest.dynamicTest(call, () -> Assertions.fail("regression: " + client.id() + " "
                        + call + " passed before and gave no result now")));
            }
        }
        return tests.stream();
    }

    /**
     * A cell passes when the call's result was checked, or when the client version does not have the
     * call at all and the script says why (the matrix documents it). Anything else fails the build:
     * a regression when the baseline says it passed before, a new failure otherwise.
     */
    private static void check(ConformanceClient client, String call, Cell cell, boolean passedBefore) {
        if (cell.status().equals("pass")) {
            return;
        }
        String what = client.id() + " " + call + ": " + cell.status() + " — " + cell.detail();
        if (cell.status().equals("unsupported") && !passedBefore) {
            Assertions.assertFalse(cell.detail() == null || cell.detail().isBlank(),
                    "an unsupported cell must say why: " + what);
            return;
        }
        Assertions.fail((passedBefore ? "regression (passed before, see baseline.json): " : "failed: ") + what
                + "\nrerun: " + client.rerun(call));
    }

    /** Runs one client's script over all (or the selected) calls; a crashed script yields what it wrote. */
    private Map<String, Cell> run(ConformanceClient client) {
        JsonNode seed = seed();
        TestAccounts accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        TestAccounts.User user = accounts.user("conf-" + client.id().replaceAll("[^a-z0-9]+", "-"));
        Path work = tempDir("conformance-" + client.id() + "-");
        try {
            Path input = work.resolve("input.json");
            Path out = work.resolve("out.jsonl");
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("endpoint", baseUrl());
            ctx.put("user", user.name());
            ctx.put("token", user.writeToken());
            ctx.put("read_token", user.readToken());
            ctx.put("seed", seed);
            ctx.put("seed_read_token", seedUser.readToken());
            ctx.put("work", work.resolve("work").toString());
            ctx.put("out", out.toString());
            ctx.put("calls", new ArrayList<>(option("conformance.call")));
            ctx.putAll(client.inputExtras());
            Files.writeString(input, JSON.writeValueAsString(ctx));
            ConformanceClient.Result result = ConformanceClient.exec(client.command(input), client.environment(work),
                    900);
            Map<String, Cell> cells = new LinkedHashMap<>();
            if (Files.exists(out)) {
                for (String line : Files.readAllLines(out)) {
                    JsonNode node = JSON.readTree(line);
                    String call = node.get("call").asString();
                    Cell cell = new Cell(node.get("status").asString(), node.get("detail").asString());
                    if (call.equals("_version")) {
                        VERSIONS.put(client.id(), cell.detail());
                    } else {
                        cells.put(call, cell);
                    }
                }
            }
            if (result.exitCode() != 0) {
                cells.put("_script", new Cell("fail", client.script() + " exited " + result.exitCode() + ": "
                        + tail(result.stderr() + result.stdout())));
            }
            return cells;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            FileSystemUtils.deleteRecursively(work.toFile());
        }
    }

    /** The read-only fixtures every client reads, seeded once with huggingface_hub 2.4.0 (seed.py). */
    private synchronized JsonNode seed() {
        if (seed == null) {
            seedUser = TestAccounts.create(baseUrl(), ADMIN_TOKEN).user("conf-seed");
            Path work = tempDir("conformance-seed-");
            try {
                ConformanceClient.Result result = ConformanceClient.exec(List.of(
                        PythonVenv.forHuggingfaceHub("2.4.0").python().toString(),
                        ConformanceClient.SCRIPTS.resolve("seed.py").toString(), baseUrl(), seedUser.name(),
                        seedUser.writeToken()), Map.of("HF_HOME", work.toString(), "HF_HUB_DISABLE_XET", "1",
                        "HF_HUB_DISABLE_TELEMETRY", "1", "HF_HUB_DISABLE_PROGRESS_BARS", "1"), 300);
                assertThat(result.exitCode()).as("seed.py failed:%n%s", result.stderr()).isZero();
                String[] lines = result.stdout().strip().split("\n");
                seed = JSON.readTree(lines[lines.length - 1]);
            } finally {
                FileSystemUtils.deleteRecursively(work.toFile());
            }
        }
        return seed;
    }

    // ---------------------------------------------------------------- baseline and document

    @AfterAll
    static void report() throws IOException {
        boolean full = option("conformance.client").isEmpty() && option("conformance.call").isEmpty();
        if (Boolean.getBoolean("conformance.updateBaseline") && !RESULTS.isEmpty()) {
            Map<String, Set<String>> baseline = new TreeMap<>();
            baseline().forEach((k, v) -> baseline.put(k, new TreeSet<>(v)));
            RESULTS.forEach((client, cells) -> cells.forEach((call, cell) -> {
                if (cell.status().equals("pass")) {
                    baseline.computeIfAbsent(client, k -> new TreeSet<>()).add(call);
                }
            }));
            Files.writeString(BASELINE, ConformanceDoc.baselineJson(baseline));
        }
        if (full && RESULTS.size() == ConformanceClient.all().size() && Files.isDirectory(DOC.getParent().getParent()
                .resolve("hub-server"))) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, ConformanceDoc.render(ConformanceClient.all(), RESULTS, VERSIONS, baseline()));
        }
    }

    static Map<String, Set<String>> baseline() {
        try {
            if (!Files.exists(BASELINE)) {
                return Map.of();
            }
            Map<String, Set<String>> out = new TreeMap<>();
            JsonNode root = JSON.readTree(Files.readString(BASELINE));
            for (String client : root.propertyNames()) {
                Set<String> calls = new TreeSet<>();
                root.get(client).forEach(n -> calls.add(n.asString()));
                out.put(client, calls);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> option(String name) {
        String value = System.getProperty(name, "").strip();
        Set<String> out = new TreeSet<>();
        if (!value.isEmpty()) {
            Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(Path.of("target").toAbsolutePath(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String text) {
        return text.length() <= 1500 ? text : "…" + text.substring(text.length() - 1500);
    }
}
