package org.selfhub.hub.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Python virtualenv under {@code hub-server/target/} with one {@code huggingface_hub} version, made
 * on first use and kept across runs (pip runs only when the installed version differs), so tests
 * can drive the real client. Needs {@code python3} with {@code venv} and access to the package index
 * the first time.
 */
public final class PythonVenv {

    /** What a script printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private final Path dir;

    private PythonVenv(Path dir) {
        this.dir = dir;
    }

    /** The venv {@code target/venv-hf-<version>}, created and filled when needed. */
    public static synchronized PythonVenv forHuggingfaceHub(String version) {
        Path dir = Path.of("target", "venv-hf-" + version).toAbsolutePath();
        PythonVenv venv = new PythonVenv(dir);
        if (!Files.isExecutable(venv.python())) {
            exec(List.of("python3", "-m", "venv", dir.toString()), Map.of(), 300);
        }
        Result installed = exec(List.of(venv.python().toString(), "-c",
                "import importlib.metadata as m; print(m.version('huggingface_hub'))"), Map.of(), 60);
        if (installed.exitCode() != 0 || !installed.stdout().strip().equals(version)) {
            Result pip = exec(List.of(venv.python().toString(), "-m", "pip", "install", "-q",
                    "huggingface_hub==" + version), Map.of(), 600);
            if (pip.exitCode() != 0) {
                throw new IllegalStateException("pip install huggingface_hub==" + version + " failed: " + pip.stderr());
            }
        }
        return venv;
    }

    public Path python() {
        return dir.resolve("bin").resolve("python");
    }

    /** An executable the package installed into the venv, e.g. {@code hf}. */
    public Path bin(String name) {
        return dir.resolve("bin").resolve(name);
    }

    /** Runs a Python script with these extra environment variables. */
    public Result run(String script, Map<String, String> env, long timeoutSeconds) {
        return exec(List.of(python().toString(), "-c", script), env, timeoutSeconds);
    }

    /** Runs any command (e.g. {@link #bin}) with these extra environment variables. */
    public static Result exec(List<String> command, Map<String, String> env, long timeoutSeconds) {
        try {
            Path out = Files.createTempFile("venv-out", ".txt");
            Path err = Files.createTempFile("venv-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
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
}
