package org.selfhub.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.HubIntegrationTest;

class FoundationIntegrationTests extends HubIntegrationTest {

    @Test
    void healthIsUpWhenDatabaseAndStoreAnswer() {
        HttpResponse<String> response = get("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");
    }

    @Test
    void servesPrometheusMetrics() {
        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
    }

    @Test
    void listsNoModelsOnAnEmptyHub() {
        HttpResponse<String> response = get("/api/models?search=no-such-model-anywhere");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("[]");
    }

    @Test
    void everyResponseCarriesARequestId() {
        HttpResponse<String> response = get("/api/models");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).hasSize(36));
    }

    @Test
    void echoesThePythonClientsTraceId() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/models"))
                .header("X-Amzn-Trace-Id", "0f7e2f9c-5d63-4bc2-9b0e-8d0b1d5c1a11").GET().build());
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("0f7e2f9c-5d63-4bc2-9b0e-8d0b1d5c1a11");
    }

    @Test
    void unknownApiRouteAnswersInTheHubErrorShape() {
        HttpResponse<String> response = get("/api/no-such-route");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("X-Error-Code")).hasValue("NotFound");
        assertThat(response.headers().firstValue("X-Error-Message"))
                .hasValue("Sorry, we can't find the page you are looking for: GET /api/no-such-route");
        assertThat(response.body()).isEqualTo(
                "{\"error\":\"Sorry, we can't find the page you are looking for: GET /api/no-such-route\"}");
    }

    @Test
    void encodedSlashesReachTheApplication() {
        HttpResponse<String> response = get("/api/no-such%2Froute");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("X-Error-Code")).hasValue("NotFound");
    }

    @Test
    void badLimitIsA400InTheHubShape() {
        HttpResponse<String> response = get("/api/models?limit=abc");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"Invalid value for 'limit'\"}");
    }

    @Test
    void answersTheAgentHarnessProbe() {
        HttpResponse<String> response = get("/api/agent-harnesses");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"standardEnvVars\":[]").contains("\"harnesses\":{}");
    }

    @Test
    void servesTheWebShell() {
        HttpResponse<String> response = get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<title>Hub</title>");
    }

    @Test
    void webRoutesFallBackToTheSinglePageApp() {
        for (String path : new String[] {"/acme/bert", "/models", "/datasets/acme/data/tree/main", "/settings/tokens"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("<title>Hub</title>");
        }
    }

    @Test
    void otherRouteFamiliesNeverFallBackToThePage() {
        HttpResponse<String> response = get("/api/models/acme/unknown/oops/nothing");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("<title>");
    }

    @Test
    void webAssetsAreCompressedAndCachedForever() {
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("/assets/[^\"]+\\.js").matcher(get("/").body());
        assertThat(script.find()).isTrue();
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl() + script.group()))
                .header("Accept-Encoding", "gzip").GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, public, immutable");
    }
}
