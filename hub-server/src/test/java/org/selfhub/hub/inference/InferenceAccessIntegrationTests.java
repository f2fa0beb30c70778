package org.selfhub.hub.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Who may call what: workers only with the pool secret, models under the repositories' access
 * policy (hidden answers as missing), admin views for hub admins; and the route family with its
 * task selection and payload forms.
 */
class InferenceAccessIntegrationTests extends InferenceIntegrationTest {

    @Autowired
    ModelReadTokens readTokens;

    @Test
    void workerCallsNeedThePoolSecretNotAUserToken() {
        Map<String, Object> registration = Map.of("name", "w", "device", Map.of("kind", "cpu", "memTotal", 100));
        FakeWorker noSecret = new FakeWorker(baseUrl(), "", "w", 100, Map.of(), FakeWorker.ECHO);
        HttpRequest anonymous = HttpRequest.newBuilder(URI.create(baseUrl() + "/internal/inference/workers"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();

        assertThat(send(anonymous).statusCode()).isEqualTo(401);
        assertThat(noSecret.call("POST", "/internal/inference/workers", registration, null).statusCode()).isEqualTo(401);
        FakeWorker wrong = new FakeWorker(baseUrl(), SECRET + "x", "w", 100, Map.of(), FakeWorker.ECHO);
        HttpResponse<String> wrongSecret = wrong.call("POST", "/internal/inference/workers", registration, null);
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(TestAccounts.json(wrongSecret.body()).path("error").asString())
                .isEqualTo("Worker calls need 'Authorization: Bearer <hub.inference.worker-secret>'");
        FakeWorker userToken = new FakeWorker(baseUrl(), ADMIN_TOKEN, "w", 100, Map.of(), FakeWorker.ECHO);
        assertThat(userToken.call("POST", "/internal/inference/workers", registration, null).statusCode()).isEqualTo(401);
        assertThat(wrong.call("PUT", "/internal/inference/jobs/" + UUID.randomUUID() + "/result", Map.of("status", 200),
                UUID.randomUUID().toString()).statusCode()).isEqualTo(401);

        FakeWorker right = new FakeWorker(baseUrl(), SECRET, "w", 100, Map.of(), FakeWorker.ECHO);
        HttpResponse<String> ok = right.call("POST", "/internal/inference/workers", registration, null);
        assertThat(ok.statusCode()).isEqualTo(201);
        JsonNode reply = TestAccounts.json(ok.body());
        assertThat(reply.path("workerId").asString()).hasSize(36);
        assertThat(reply.path("heartbeatIntervalS").asDouble()).isEqualTo(0.5);
        assertThat(reply.path("leaseTtlS").asDouble()).isEqualTo(2.0);
        assertThat(reply.path("longPollS").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aPrivateModelIsHiddenFromEveryoneElse() {
        TestAccounts.User alice = accounts.user("alice");
        TestAccounts.User bob = accounts.user("bob");
        String model = model(alice, "secret", "text-classification", null, true);
        worker("w-echo", 1000, Map.of(), FakeWorker.ECHO);

        HttpResponse<String> asBob = infer("/hf-inference/models/" + model, bob.readToken(), "{\"inputs\":\"x\"}");
        assertThat(asBob.statusCode()).isEqualTo(404);
        assertThat(TestAccounts.json(asBob.body()).path("error").asString()).isEqualTo("Model " + model + " does not exist");
        HttpResponse<String> missing = infer("/hf-inference/models/" + alice.name() + "/nope", bob.readToken(),
                "{\"inputs\":\"x\"}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo(asBob.body().replace(model, alice.name() + "/nope"));
        assertThat(infer("/hf-inference/models/" + model, null, "{\"inputs\":\"x\"}").statusCode()).isEqualTo(401);
        assertThat(infer("/hf-inference/pipeline/text-classification/" + model, bob.readToken(), "{\"inputs\":\"x\"}")
                .statusCode()).isEqualTo(404);
        assertThat(get("/hf-inference/status/" + model, bob.readToken()).statusCode()).isEqualTo(404);
        assertThat(get("/hf-inference/models/" + model + "/info", bob.readToken()).statusCode()).isEqualTo(404);

        HttpResponse<String> asAlice = infer("/hf-inference/models/" + model, alice.readToken(), "{\"inputs\":\"x\"}");
        assertThat(asAlice.statusCode()).isEqualTo(200);
        assertThat(TestAccounts.json(asAlice.body()).path("model").asString()).isEqualTo(model);
    }

    @Test
    void adminViewsAndActionsAreForHubAdminsOnly() {
        TestAccounts.User bob = accounts.user("bob");
        String model = model(bob, "admin-view", "text-classification", null, false);
        FakeWorker w = worker("w-admin", 1000, Map.of(model, 7L), FakeWorker.ECHO, model);

        assertThat(accounts.call("GET", "/api/admin/inference/workers", null, null).statusCode()).isEqualTo(401);
        assertThat(accounts.call("GET", "/api/admin/inference/workers", bob.writeToken(), null).statusCode()).isEqualTo(403);
        assertThat(accounts.call("GET", "/api/admin/inference/jobs", bob.writeToken(), null).statusCode()).isEqualTo(403);
        assertThat(accounts.call("POST", "/api/admin/inference/workers/" + w.id + "/drain", bob.writeToken(), null)
                .statusCode()).isEqualTo(403);
        assertThat(accounts.call("DELETE", "/api/admin/inference/workers/" + w.id, bob.writeToken(), null)
                .statusCode()).isEqualTo(403);

        assertThat(infer("/hf-inference/models/" + model, bob.readToken(), "{\"inputs\":\"x\"}").statusCode()).isEqualTo(200);
        JsonNode list = TestAccounts.json(accounts.call("GET", "/api/admin/inference/workers", ADMIN_TOKEN, null).body());
        assertThat(list.size()).isEqualTo(1);
        JsonNode listed = list.get(0);
        assertThat(listed.path("id").asString()).isEqualTo(w.id);
        assertThat(listed.path("state").asString()).isEqualTo("active");
        assertThat(listed.path("device").path("memTotal").asLong()).isEqualTo(1000);
        assertThat(listed.path("device").path("memFree").asLong()).isEqualTo(993);
        assertThat(listed.path("models").get(0).path("modelId").asString()).isEqualTo(model);
        assertThat(listed.path("models").get(0).path("bytes").asLong()).isEqualTo(7);
        JsonNode jobs = TestAccounts.json(accounts.call("GET", "/api/admin/inference/jobs", ADMIN_TOKEN, null).body());
        assertThat(jobs.path("counts").path("done").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(jobs.path("jobs").get(0).path("modelId").asString()).isEqualTo(model);
        assertThat(jobs.path("jobs").get(0).path("state").asString()).isEqualTo("done");

        assertThat(accounts.call("POST", "/api/admin/inference/workers/" + w.id + "/drain", ADMIN_TOKEN, null)
                .statusCode()).isEqualTo(200);
        HttpResponse<String> beat = w.call("POST", "/internal/inference/workers/" + w.id + "/heartbeat",
                Map.of("models", List.of()), null);
        assertThat(TestAccounts.json(beat.body()).path("drain").asBoolean()).isTrue();
        assertThat(accounts.call("DELETE", "/api/admin/inference/workers/" + w.id, ADMIN_TOKEN, null).statusCode())
                .isEqualTo(204);
        assertThat(TestAccounts.json(accounts.call("GET", "/api/admin/inference/workers", ADMIN_TOKEN, null).body())
                .size()).isZero();
    }

    @Test
    void routesChooseTheTaskFromTheModelThePathOrThePayload() {
        TestAccounts.User alice = accounts.user("alice");
        String st = model(alice, "minilm", "sentence-similarity", "sentence-transformers", false);
        String gpt = model(alice, "tiny-gpt", "text-generation", "transformers", false);
        String vit = model(alice, "vit", "image-classification", "transformers", false);
        worker("w-echo", 1000, Map.of(), FakeWorker.ECHO);

        assertThat(task(infer("/hf-inference/models/" + st, alice.readToken(), "{\"inputs\":\"hello\"}")))
                .isEqualTo("feature-extraction");
        assertThat(task(infer("/hf-inference/models/" + st, alice.readToken(),
                "{\"inputs\":{\"source_sentence\":\"a\",\"sentences\":[\"b\"]}}"))).isEqualTo("sentence-similarity");
        assertThat(task(infer("/hf-inference/models/" + st + "/pipeline/feature-extraction", alice.readToken(),
                "{\"inputs\":\"hello\"}"))).isEqualTo("feature-extraction");
        assertThat(task(infer("/hf-inference/pipeline/sentence-similarity/" + st, alice.readToken(),
                "{\"inputs\":{\"source_sentence\":\"a\",\"sentences\":[\"b\"]}}"))).isEqualTo("sentence-similarity");
        assertThat(task(infer("/hf-inference/models/" + gpt + "/v1/chat/completions", alice.readToken(),
                "{\"model\":\"dummy\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))).isEqualTo("chat-completion");
        assertThat(task(infer("/hf-inference/models/" + gpt + "/v1/completions", alice.readToken(),
                "{\"model\":\"x\",\"prompt\":\"hi\"}"))).isEqualTo("text-generation");

        HttpResponse<String> wrongTask = infer("/hf-inference/models/" + st + "/pipeline/fill-mask", alice.readToken(),
                "{\"inputs\":\"x\"}");
        assertThat(wrongTask.statusCode()).isEqualTo(422);
        assertThat(infer("/hf-inference/models/" + st + "/v1/chat/completions", alice.readToken(),
                "{\"messages\":[]}").statusCode()).isEqualTo(422);
        HttpResponse<String> noInputs = infer("/hf-inference/models/" + gpt, alice.readToken(), "{\"parameters\":{}}");
        assertThat(noInputs.statusCode()).isEqualTo(400);
        assertThat(TestAccounts.json(noInputs.body()).path("error").get(0).asString()).isEqualTo("inputs: field required");

        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        HttpResponse<String> image = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/hf-inference/models/" + vit))
                .header("Authorization", "Bearer " + alice.readToken()).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(TestAccounts.json(image.body()).path("inputs").asString())
                .isEqualTo(Base64.getEncoder().encodeToString(png));

        JsonNode info = TestAccounts.json(get("/hf-inference/models/" + st + "/info", alice.readToken()).body());
        assertThat(info.path("model_id").asString()).isEqualTo(st);
        assertThat(info.path("model_sha").asString()).isEqualTo(headSha(st));
        assertThat(info.path("model_pipeline_tag").asString()).isEqualTo("sentence-similarity");
        assertThat(get("/hf-inference/models/" + st + "/health", alice.readToken()).statusCode()).isEqualTo(200);
        JsonNode status = TestAccounts.json(get("/hf-inference/status/" + st, alice.readToken()).body());
        assertThat(status.path("loaded").asBoolean()).isTrue();
        assertThat(status.path("state").asString()).isEqualTo("Loaded");
        assertThat(status.path("compute_type").asString()).isEqualTo("cpu");
        assertThat(status.path("framework").asString()).isEqualTo("sentence-transformers");
    }

    @Test
    void aResultMarksTheModelLoadedWithoutWaitingForAHeartbeat() {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "quiet", "text-classification", null, false);
        FakeWorker w = worker("w-quiet", 1000, Map.of(), FakeWorker.ECHO);
        w.stopHeartbeats();

        assertThat(infer("/hf-inference/models/" + model, alice.readToken(), "{\"inputs\":\"x\"}").statusCode())
                .isEqualTo(200);
        JsonNode status = TestAccounts.json(get("/hf-inference/status/" + model, alice.readToken()).body());
        assertThat(status.path("state").asString()).isEqualTo("Loaded");
        assertThat(jdbc.sql("SELECT load_millis FROM inference_model_stats WHERE model_id = :m").param("m", model)
                .query(Long.class).single()).isGreaterThanOrEqualTo(0L);
    }

    @Test
    void aLeaseCarriesAReadTokenScopedToTheModelRepositoryAndCommit() {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "files", "text-classification", null, true);
        FakeWorker w = worker("w-files", 1000, Map.of(), FakeWorker.ECHO);

        assertThat(infer("/hf-inference/models/" + model, alice.readToken(), "{\"inputs\":\"x\"}").statusCode())
                .isEqualTo(200);
        JsonNode files = w.received.get(0).path("files");
        assertThat(files.path("baseUrl").asString())
                .isEqualTo(baseUrl() + "/" + model + "/resolve/" + headSha(model) + "/");
        String token = files.path("token").asString();
        assertThat(token).startsWith("hfw_");
        UUID repoId = jdbc.sql("SELECT id FROM repository WHERE lower(namespace || '/' || name) = lower(:m)")
                .param("m", model).query(UUID.class).single();
        ModelReadTokens.Grant grant = readTokens.verify(token).orElseThrow();
        assertThat(grant.repositoryId()).isEqualTo(repoId);
        assertThat(grant.sha()).isEqualTo(headSha(model));
        assertThat(readTokens.verify(token.substring(0, token.length() - 2) + "AA")).isEmpty();
        assertThat(readTokens.verify(ADMIN_TOKEN)).isEmpty();
    }

    private HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    private static String task(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestAccounts.json(r.body()).path("task").asString();
    }
}
