package org.selfhub.hub.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Base of the inference integration tests: the whole hub on a random port with real (embedded)
 * PostgreSQL and short scheduler timings (inference-design.md §6), its own data directory so its
 * context (with these properties) never shares a database with the other suites' context. Every
 * test starts and ends with an empty worker pool and queue.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class InferenceIntegrationTest {

    static final String SECRET = "test-worker-pool-secret-0123456789";
    static final String ADMIN_TOKEN = HubIntegrationTest.ADMIN_TOKEN;
    private static final Path DATA_DIR = createDataDir();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final List<FakeWorker> workers = new ArrayList<>();
    TestAccounts accounts;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hub.data-dir", DATA_DIR::toString);
        registry.add("hub.bootstrap.admin-token", () -> ADMIN_TOKEN);
        registry.add("hub.inference.worker-secret", () -> SECRET);
        registry.add("hub.inference.wait-budget", () -> "4s");
        registry.add("hub.inference.lease-ttl", () -> "2s");
        registry.add("hub.inference.heartbeat-interval", () -> "500ms");
        registry.add("hub.inference.long-poll", () -> "1s");
        registry.add("hub.inference.poll-interval", () -> "100ms");
        registry.add("hub.inference.delay-scheduling", () -> "1500ms");
        registry.add("hub.inference.max-attempts", () -> "2");
        registry.add("hub.inference.max-jobs-per-user", () -> "110");
        registry.add("hub.inference.max-queued-per-model", () -> "130");
        registry.add("hub.inference.reaper-interval", () -> "200ms");
        registry.add("hub.inference.default-load-time", () -> "20s");
    }

    @BeforeEach
    void emptyPool() {
        accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        resetQueue();
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(FakeWorker::close);
        workers.clear();
        resetQueue();
    }

    private void resetQueue() {
        jdbc.sql("DELETE FROM inference_worker").update();
        jdbc.sql("UPDATE inference_job SET state = 'cancelled', finished_at = now() WHERE state IN ('queued', 'leased')")
                .update();
        jdbc.sql("DELETE FROM inference_model_stats").update();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    FakeWorker worker(String name, long memTotal, Map<String, Long> sizes, FakeWorker.Engine engine,
                      String... preloaded) {
        return idleWorker(name, memTotal, sizes, engine, preloaded).run();
    }

    /** A registered worker that takes no work until {@link FakeWorker#run()}. */
    FakeWorker idleWorker(String name, long memTotal, Map<String, Long> sizes, FakeWorker.Engine engine,
                          String... preloaded) {
        FakeWorker w = new FakeWorker(baseUrl(), SECRET, name, memTotal, sizes, engine).register(preloaded);
        workers.add(w);
        return w;
    }

    /** A model repository owned by the user, with a pipeline tag (seeded as the metadata feature would). */
    String model(TestAccounts.User owner, String prefix, String pipelineTag, String library, boolean isPrivate) {
        String name = TestAccounts.uniqueName(prefix);
        HttpResponse<String> created = accounts.call("POST", "/api/repos/create", owner.writeToken(),
                Map.of("name", name, "type", "model", "private", isPrivate));
        if (created.statusCode() != 200) {
            throw new AssertionError("create repo: " + created.statusCode() + " " + created.body());
        }
        jdbc.sql("""
                        UPDATE repository SET pipeline_tag = :tag, library_name = :lib,
                               head_sha = coalesce(head_sha, '0123456789abcdef0123456789abcdef01234567')
                        WHERE lower(namespace) = lower(:ns) AND lower(name) = lower(:name)""")
                .param("tag", pipelineTag).param("lib", library).param("ns", owner.name()).param("name", name)
                .update();
        return owner.name() + "/" + name;
    }

    String headSha(String model) {
        return jdbc.sql("SELECT head_sha FROM repository WHERE lower(namespace || '/' || name) = lower(:id)")
                .param("id", model).query(String.class).single().strip();
    }

    HttpResponse<String> infer(String path, String token, String json, String... headers) {
        return send(request(path, token, json, headers));
    }

    HttpRequest request(String path, String token, String json, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String jobState(String jobId) {
        return jdbc.sql("SELECT state FROM inference_job WHERE id = CAST(:id AS uuid)").param("id", jobId)
                .query(String.class).optional().orElse("purged");
    }

    static void await(String what, long timeoutMs, java.util.function.BooleanSupplier condition) {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            FakeWorker.sleep(25);
        }
    }

    private static Path createDataDir() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "it-inference-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
