package org.selfhub.hub.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of integration tests that need the whole hub on a real port: embedded PostgreSQL, the
 * filesystem store and git under one data directory shared by every such test class in this JVM,
 * so Spring's context cache starts the hub once. Tests must therefore use names of their own
 * (unique repository and user names) and never assume an empty hub.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HubIntegrationTest {

    /** The bootstrap administrator's access token in every integration test (user {@code admin}). */
    public static final String ADMIN_TOKEN = "hf_TestAdminToken0123456789abcdefghijkl";

    private static final Path DATA_DIR = createDataDir();

    @LocalServerPort
    protected int port;

    protected final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("hub.data-dir", DATA_DIR::toString);
        registry.add("hub.bootstrap.admin-token", () -> ADMIN_TOKEN);
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    protected static Path dataDir() {
        return DATA_DIR;
    }

    protected HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build());
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path createDataDir() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "it-data-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
