package org.selfhub.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WorkerMainTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return WorkerMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsTheBuildVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hub-worker 0.1.0-SNAPSHOT\n");
    }

    @Test
    void printsHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: java -jar hub-worker.jar").contains("HUB_URL");
    }

    @Test
    void rejectsUnknownOptions() {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("hub-worker: unknown option '--bogus'; see --help\n");
    }

    @Test
    void optionsOverrideTheEnvironmentAndRequiredSettingsAreChecked() {
        WorkerConfig c = WorkerConfig.from(new String[] {"--device", "cpu", "--memory-budget=512m", "--concurrency", "2"},
                java.util.Map.of("HUB_URL", "http://hub:8080", "HUB_WORKER_SECRET", "s", "HUB_WORKER_DEVICE", "cuda",
                        "HUB_WORKER_CACHE_DIR", "/var/cache/w", "HUB_WORKER_MAX_BATCH", "4", "HOSTNAME", "box"));
        org.assertj.core.api.Assertions.assertThat(c).isEqualTo(new WorkerConfig(java.net.URI.create("http://hub:8080"), "s", "cpu",
                512L << 20, java.nio.file.Path.of("/var/cache/w"), 2, 4, "box"));
        int rc = WorkerMain.run(new String[] {"--hub-url", "http://hub"}, java.util.Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("hub-worker: HUB_WORKER_SECRET (or --secret) is required; see --help\n");
    }

    @Test
    void helpDocumentsEveryOptionAndVariable() {
        assertThat(WorkerMain.help()).contains("HUB_URL", "HUB_WORKER_SECRET", "HUB_WORKER_DEVICE", "HUB_WORKER_MEMORY_BUDGET",
                "HUB_WORKER_CACHE_DIR", "HUB_WORKER_CONCURRENCY", "HUB_WORKER_MAX_BATCH", "--memory-budget", "SIGTERM");
    }
}
