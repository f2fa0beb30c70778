package org.selfhub.hub.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.TestAccounts;
import tools.jackson.databind.JsonNode;

/**
 * Admission and timeouts (inference-design.md §3.6): 429 with Retry-After when a user's or a
 * model's queue is full (never 503), 503 with estimated_time and Retry-After when a cold model is
 * not served within the wait budget, and cancellation when the client hangs up.
 */
class InferenceAdmissionIntegrationTests extends InferenceIntegrationTest {

    @Test
    void answers429WhenTheUserOrTheModelQueueIsFull() {
        TestAccounts.User alice = accounts.user("alice");
        TestAccounts.User bob = accounts.user("bob");
        String model = model(alice, "busy", "text-classification", null, false);
        idleWorker("w-idle", 1000, Map.of(), FakeWorker.ECHO).beatOnly();

        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 110; i++) {
            held.add(http.sendAsync(request("/hf-inference/models/" + model, alice.readToken(), "{\"inputs\":\"a\"}",
                    "X-Scale-Up-Timeout", "30"), HttpResponse.BodyHandlers.ofString()));
        }
        await("alice's jobs to be queued", 20000, () -> queued(model) == 110);
        HttpResponse<String> userFull = infer("/hf-inference/models/" + model, alice.readToken(), "{\"inputs\":\"a\"}");

        assertThat(userFull.statusCode()).isEqualTo(429);
        assertThat(userFull.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(TestAccounts.json(userFull.body()).path("error").asString())
                .isEqualTo("Rate limit reached: you have 110 inference requests in progress; wait for one to finish");

        for (int i = 0; i < 20; i++) {
            held.add(http.sendAsync(request("/hf-inference/models/" + model, bob.readToken(), "{\"inputs\":\"b\"}",
                    "X-Scale-Up-Timeout", "30"), HttpResponse.BodyHandlers.ofString()));
        }
        await("bob's jobs to be queued", 20000, () -> queued(model) == 130);
        HttpResponse<String> modelFull = infer("/hf-inference/models/" + model, bob.readToken(), "{\"inputs\":\"b\"}");

        assertThat(modelFull.statusCode()).isEqualTo(429);
        assertThat(modelFull.headers().firstValue("Retry-After")).hasValue("1");
        JsonNode body = TestAccounts.json(modelFull.body());
        assertThat(body.path("error").asString()).isEqualTo("Model is overloaded");
        assertThat(body.path("error_type").asString()).isEqualTo("overloaded");
        assertThat(queued(model)).isEqualTo(130);
        held.forEach(f -> f.cancel(true));
    }

    @Test
    void answers503WithEstimatedTimeAndRetryAfterWhenTheWaitBudgetRunsOutOnAColdModel() {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "cold", "text-classification", null, false);
        idleWorker("w-idle", 1000, Map.of(), FakeWorker.ECHO).beatOnly();

        long started = System.nanoTime();
        HttpResponse<String> r = infer("/hf-inference/models/" + model, alice.readToken(), "{\"inputs\":\"x\"}");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(elapsedMs).isBetween(3900L, 8000L);
        JsonNode body = TestAccounts.json(r.body());
        assertThat(body.path("error").asString()).isEqualTo("Model " + model + " is currently loading");
        assertThat(body.path("estimated_time").asDouble()).isEqualTo(20.0);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("20");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(jdbc.sql("SELECT state FROM inference_job WHERE model_id = :m").param("m", model)
                .query(String.class).list()).containsExactly("cancelled");
    }

    @Test
    void answers503AlsoWhenTheReaperDroppedTheJobForItsDeadlineBeforeTheBudgetTimerFired() throws Exception {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "reaped", "text-classification", null, false);
        idleWorker("w-idle", 1000, Map.of(), FakeWorker.ECHO).beatOnly();

        var pending = http.sendAsync(request("/hf-inference/models/" + model, alice.readToken(), "{\"inputs\":\"x\"}"),
                HttpResponse.BodyHandlers.ofString());
        await("the job to be queued", 3000, () -> queued(model) == 1);
        // The reaper (every 200 ms here) drops queued jobs past their deadline: let it win the race.
        jdbc.sql("UPDATE inference_job SET deadline_at = now() WHERE model_id = :m").param("m", model).update();
        await("the reaper to drop the job", 3000, () -> jdbc.sql("SELECT state FROM inference_job WHERE model_id = :m")
                .param("m", model).query(String.class).single().equals("cancelled"));
        HttpResponse<String> r = pending.get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(TestAccounts.json(r.body()).path("error").asString()).isEqualTo("Model " + model + " is currently loading");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("20");
    }

    @Test
    void answers503AtOnceWhenTheCallerWillNotWaitForAColdModel() {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "cold-now", "text-classification", null, false);
        idleWorker("w-idle", 1000, Map.of(), FakeWorker.ECHO).beatOnly();

        long started = System.nanoTime();
        HttpResponse<String> r = infer("/hf-inference/models/" + model, alice.readToken(), "{\"inputs\":\"x\"}",
                "X-Wait-For-Model", "false");

        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2000);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(TestAccounts.json(r.body()).path("estimated_time").asDouble()).isEqualTo(20.0);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("20");
        assertThat(queuedOrAny(model)).isZero();
    }

    @Test
    void answers503WithRetryAfterWhenNoWorkerIsRegistered() {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "nobody", "text-classification", null, false);

        HttpResponse<String> r = infer("/hf-inference/models/" + model, alice.readToken(), "{\"inputs\":\"x\"}");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(TestAccounts.json(r.body()).path("error").asString()).isEqualTo("No inference worker available");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("30");
    }

    @Test
    void cancelsTheQueuedJobWhenTheClientDisconnects() throws Exception {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "hangup", "text-classification", null, false);
        FakeWorker w = idleWorker("w-later", 1000, Map.of(), FakeWorker.ECHO).beatOnly();

        String body = "{\"inputs\":\"bye\"}";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /hf-inference/models/" + model + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + alice.readToken() + "\r\nContent-Type: application/json\r\n"
                    + "X-Scale-Up-Timeout: 60\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await("the job to be queued", 5000, () -> queued(model) == 1);
        }
        String jobId = jdbc.sql("SELECT CAST(id AS text) FROM inference_job WHERE model_id = :m").param("m", model)
                .query(String.class).single();

        await("the job to be cancelled", 5000, () -> jobState(jobId).equals("cancelled"));
        w.run();
        FakeWorker.sleep(1000);
        assertThat(w.received).isEmpty();
    }

    private int queued(String model) {
        return jdbc.sql("SELECT count(*) FROM inference_job WHERE model_id = :m AND state = 'queued'")
                .param("m", model).query(Integer.class).single();
    }

    private int queuedOrAny(String model) {
        return jdbc.sql("SELECT count(*) FROM inference_job WHERE model_id = :m").param("m", model)
                .query(Integer.class).single();
    }
}
