package org.selfhub.hub.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.selfhub.hub.test.PythonVenv;

/**
 * One column of the conformance matrix: a real client at a pinned version, the script that drives it
 * ({@code src/test/conformance}) and how to install it. Installs live under {@code hub-server/target/},
 * named after the versions, and are made only when missing or at another version.
 *
 * @param id          the column name and the {@code -Dconformance.client} value, e.g. {@code hf-1.20.0}
 * @param family      {@code huggingface_hub}, {@code transformers}, {@code datasets}, {@code @huggingface/hub}
 *                    or {@code git}
 * @param version     the pinned version ({@code git}: whatever the machine has)
 * @param disableXet  whether the client runs with {@code HF_HUB_DISABLE_XET=1}
 * @param xetNote     why (or why not) for the generated document
 */
record ConformanceClient(String id, String family, String version, boolean disableXet, String xetNote) {

    static final String TRANSFORMERS = "5.24.0";
    static final String DATASETS = "5.2.0";
    static final String HUB_JS = "2.17.5";

    static final Path SCRIPTS = Path.of("src", "test", "conformance").toAbsolutePath();

    /** Every column, in the order of the document. */
    static List<ConformanceClient> all() {
        String lfs = "every version here has hf_xet installed and would upload through Xet (0.36–1.19 when the LFS "
                + "batch answer picks the xet transfer, as this hub's does; ≥1.20 directly); this column is the "
                + "LFS path";
        String xet = "no: uploads go through this hub's Xet CAS";
        List<ConformanceClient> clients = new java.util.ArrayList<>();
        for (String v : List.of("0.36.2", "1.0.1", "1.20.0", "2.4.0")) {
            clients.add(new ConformanceClient("hf-" + v, "huggingface_hub", v, true, lfs));
        }
        for (String v : List.of("0.36.2", "1.0.1", "1.20.0", "2.4.0")) {
            clients.add(new ConformanceClient("hf-" + v + "-xet", "huggingface_hub", v, false, xet));
        }
        clients.add(new ConformanceClient("transformers-" + TRANSFORMERS, "transformers", TRANSFORMERS, true,
                "its huggingface_hub (2.x, with hf_xet) would upload the test's fixtures through Xet"));
        clients.add(new ConformanceClient("datasets-" + DATASETS, "datasets", DATASETS, true,
                "its huggingface_hub (2.x, with hf_xet) would upload the test's fixtures through Xet"));
        clients.add(new ConformanceClient("hub-js-" + HUB_JS, "@huggingface/hub", HUB_JS, false,
                "no (not applicable): the JS client offers Xet in the LFS batch and uses it when the hub picks it, as "
                        + "this hub does"));
        clients.add(new ConformanceClient("git", "git + git-lfs", "system", false, "no (not applicable)"));
        return List.copyOf(clients);
    }

    String script() {
        return switch (family) {
            case "huggingface_hub" -> "hf_client.py";
            case "transformers", "datasets" -> "ml_client.py";
            case "@huggingface/hub" -> "hub_js_client.mjs";
            default -> "git_client.py";
        };
    }

    /** Installs the client when needed and returns the command that runs its script on an input file. */
    List<String> command(Path input) {
        String script = SCRIPTS.resolve(script()).toString();
        return switch (family) {
            case "huggingface_hub" -> List.of(PythonVenv.forHuggingfaceHub(version).python().toString(), script,
                    input.toString());
            case "transformers", "datasets" -> List.of(mlVenv().toString(), script, input.toString());
            case "@huggingface/hub" -> List.of("node", script, input.toString());
            default -> List.of("python3", script, input.toString());
        };
    }

    /** Extra fields of the script's input. */
    Map<String, Object> inputExtras() {
        Map<String, Object> extras = new LinkedHashMap<>();
        if (family.equals("transformers") || family.equals("datasets")) {
            extras.put("family", family);
        }
        if (family.equals("@huggingface/hub")) {
            extras.put("module", hubJsModule().toString());
            extras.put("version", version);
        }
        return extras;
    }

    Map<String, String> environment(Path work) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HF_HOME", work.resolve("home").toString());
        env.put("HF_HUB_DISABLE_TELEMETRY", "1");
        env.put("HF_HUB_DISABLE_PROGRESS_BARS", "1");
        env.put("HF_DATASETS_DISABLE_PROGRESS_BARS", "1");
        env.put("TRANSFORMERS_VERBOSITY", "error");
        if (disableXet) {
            env.put("HF_HUB_DISABLE_XET", "1");
        }
        return env;
    }

    /** The command a reviewer types to rerun one cell. */
    String rerun(String call) {
        return "./mvnw -pl hub-server test -Dtest=ConformanceTests -Dconformance.client=" + id
                + " '-Dconformance.call=" + call + "'";
    }

    // ---------------------------------------------------------------- installs

    private static Path mlVenv() {
        Path dir = Path.of("target", "venv-ml-transformers-" + TRANSFORMERS + "-datasets-" + DATASETS).toAbsolutePath();
        Path python = dir.resolve("bin").resolve("python");
        synchronized (ConformanceClient.class) {
            if (!Files.isExecutable(python)) {
                exec(List.of("python3", "-m", "venv", dir.toString()), 300);
            }
            Result installed = exec(List.of(python.toString(), "-c", "import importlib.metadata as m; "
                    + "print(m.version('transformers'), m.version('datasets'))"), 60);
            if (installed.exitCode() != 0 || !installed.stdout().strip().equals(TRANSFORMERS + " " + DATASETS)) {
                Result pip = exec(List.of(python.toString(), "-m", "pip", "install", "-q",
                        "transformers==" + TRANSFORMERS, "datasets==" + DATASETS), 1200);
                if (pip.exitCode() != 0) {
                    throw new IllegalStateException("pip install transformers datasets failed: " + pip.stderr());
                }
            }
        }
        return python;
    }

    private static Path hubJsModule() {
        Path dir = Path.of("target", "npm-hub-" + HUB_JS).toAbsolutePath();
        Path pkg = dir.resolve("node_modules/@huggingface/hub/package.json");
        synchronized (ConformanceClient.class) {
            try {
                if (!Files.exists(pkg) || !Files.readString(pkg).contains("\"version\": \"" + HUB_JS + "\"")) {
                    Files.createDirectories(dir);
                    Files.writeString(dir.resolve("package.json"), "{\"private\": true}\n");
                    Result npm = exec(List.of("npm", "install", "--prefix", dir.toString(), "--no-audit", "--no-fund",
                            "--no-save", "@huggingface/hub@" + HUB_JS), 900);
                    if (npm.exitCode() != 0) {
                        throw new IllegalStateException("npm install @huggingface/hub failed: " + npm.stderr());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir.resolve("node_modules/@huggingface/hub/dist/index.mjs");
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command with these extra variables; inherited HF_* and GIT_* variables are dropped. */
    static Result exec(List<String> command, Map<String, String> env, long timeoutSeconds) {
        try {
            Path out = Files.createTempFile("conformance-out", ".txt");
            Path err = Files.createTempFile("conformance-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("HF_") || k.startsWith("HUGGING")
                    || k.startsWith("GIT_") || k.startsWith("TRANSFORMERS_"));
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Result result = new Result(finished ? process.exitValue() : -1,
                    Files.readString(out, StandardCharsets.UTF_8),
                    (finished ? "" : "killed after " + timeoutSeconds + " s\n") + Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Result exec(List<String> command, long timeoutSeconds) {
        return exec(command, Map.of(), timeoutSeconds);
    }
}
