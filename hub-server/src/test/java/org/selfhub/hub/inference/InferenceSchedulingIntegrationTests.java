package org.selfhub.hub.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.TestAccounts;
import tools.jackson.databind.JsonNode;

/**
 * The scheduler end to end with simulated workers over HTTP (inference-design.md §6): warm
 * routing, eviction, requeue after a crash, failure after max attempts, lease fencing, fairness.
 */
class InferenceSchedulingIntegrationTests extends InferenceIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    InferenceScheduler scheduler;
    @org.springframework.beans.factory.annotation.Autowired
    JobQueue queue;

    @Test
    void servesAJobThroughAWorkerWithTheHfHeaders() {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "sst2", "text-classification", "transformers", false);
        worker("w-echo", 1000, Map.of(), FakeWorker.ECHO);

        HttpResponse<String> r = infer("/hf-inference/models/" + model, alice.readToken(),
                "{\"inputs\":\"I love this\",\"parameters\":{}}", "X-Request-Id", "req-123");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = TestAccounts.json(r.body());
        assertThat(body.path("model").asString()).isEqualTo(model);
        assertThat(body.path("task").asString()).isEqualTo("text-classification");
        assertThat(body.path("worker").asString()).isEqualTo("w-echo");
        assertThat(body.path("inputs").asString()).isEqualTo("I love this");
        assertThat(r.headers().firstValue("x-sha")).hasValue(headSha(model));
        assertThat(r.headers().firstValue("x-compute-type")).hasValue("cpu");
        assertThat(r.headers().firstValue("x-compute-time").orElseThrow()).matches("\\d+\\.\\d{3}");
        assertThat(r.headers().firstValue("x-request-id")).hasValue("req-123");
        assertThat(r.headers().firstValue("access-control-expose-headers").orElseThrow()).contains("x-compute-type");
    }

    @Test
    void routesEachJobToTheWorkerThatHasItsModelWarm() {
        TestAccounts.User alice = accounts.user("alice");
        String a = model(alice, "model-a", "text-classification", null, false);
        String b = model(alice, "model-b", "text-classification", null, false);
        FakeWorker wa = worker("w-a", 1000, Map.of(), FakeWorker.ECHO, a);
        FakeWorker wb = worker("w-b", 1000, Map.of(), FakeWorker.ECHO, b);

        for (int i = 0; i < 5; i++) {
            assertThat(TestAccounts.json(infer("/hf-inference/models/" + a, alice.readToken(), "{\"inputs\":\"x\"}")
                    .body()).path("worker").asString()).isEqualTo("w-a");
            assertThat(TestAccounts.json(infer("/hf-inference/models/" + b, alice.readToken(), "{\"inputs\":\"x\"}")
                    .body()).path("worker").asString()).isEqualTo("w-b");
        }
        assertThat(wa.receivedModels()).hasSize(5).containsOnly(a);
        assertThat(wb.receivedModels()).hasSize(5).containsOnly(b);
    }

    @Test
    void evictsTheLeastRecentlyUsedModelWhenAColdOneNeedsItsMemory() {
        TestAccounts.User alice = accounts.user("alice");
        String a = model(alice, "big-a", "text-classification", null, false);
        String b = model(alice, "big-b", "text-classification", null, false);
        Map<String, Long> sizes = Map.of(a, 60L, b, 60L);
        // Another worker measured model B at 60 bytes, then left the pool: the hub remembers the size.
        FakeWorker measured = idleWorker("w-measured", 100, sizes, FakeWorker.ECHO, b);
        measured.close();
        FakeWorker w = worker("w-small", 100, sizes, FakeWorker.ECHO, a);

        HttpResponse<String> r = infer("/hf-inference/models/" + b, alice.readToken(), "{\"inputs\":\"x\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestAccounts.json(r.body()).path("worker").asString()).isEqualTo("w-small");
        // Told in the lease reply, and again by any heartbeat that still reported it: idempotent.
        assertThat(w.unloaded).isNotEmpty().containsOnly(a);
        assertThat(w.models).containsOnlyKeys(b);
        await("the hub to see the eviction", 3000, () -> jdbc.sql(
                        "SELECT count(*) FROM inference_worker_model WHERE worker_id = CAST(:w AS uuid)")
                .param("w", w.id).query(Integer.class).single() == 1);
        assertThat(jdbc.sql("SELECT model_id FROM inference_worker_model WHERE worker_id = CAST(:w AS uuid)")
                .param("w", w.id).query(String.class).list()).containsExactly(b);
    }

    @Test
    void requeuesTheJobOfAWorkerThatDiedMidJob() {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "crashy", "text-classification", null, false);
        FakeWorker crashing = worker("w-crash", 1000, Map.of(), (worker, job) -> {
            worker.crash();
            return null;
        });

        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request("/hf-inference/models/" + model,
                alice.readToken(), "{\"inputs\":\"x\"}", "X-Scale-Up-Timeout", "15"), HttpResponse.BodyHandlers.ofString());
        await("the crashing worker to take the job", 5000, () -> crashing.received.size() == 1);
        FakeWorker healthy = worker("w-healthy", 1000, Map.of(), FakeWorker.ECHO);
        HttpResponse<String> r = pending.join();

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestAccounts.json(r.body()).path("worker").asString()).isEqualTo("w-healthy");
        String jobId = crashing.receivedJobIds().get(0);
        assertThat(healthy.receivedJobIds()).containsExactly(jobId);
        assertThat(healthy.received.get(0).path("attempt").asInt()).isEqualTo(2);
        assertThat(jobState(jobId)).isEqualTo("done");
    }

    @Test
    void failsAJobOnceItHasLostItsLeaseMaxAttemptsTimes() {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "poison", "text-classification", null, false);
        // Takes every job and never answers, nor renews the lease: each lease expires.
        FakeWorker losing = worker("w-lose", 1000, Map.of(), (worker, job) -> null);

        HttpResponse<String> r = infer("/hf-inference/models/" + model, alice.readToken(), "{\"inputs\":\"x\"}",
                "X-Scale-Up-Timeout", "20");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(TestAccounts.json(r.body()).path("error").asString())
                .isEqualTo("Inference failed: worker lost (2 attempts)");
        List<String> ids = losing.receivedJobIds();
        assertThat(ids).hasSize(2);
        assertThat(ids.get(0)).isEqualTo(ids.get(1));
        assertThat(jobState(ids.get(0))).isEqualTo("failed");
    }

    @Test
    void refusesAStaleResultWith409AndAcceptsARepeatedOneWith200() {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "fenced", "text-classification", null, false);
        FakeWorker first = idleWorker("w-first", 1000, Map.of(), FakeWorker.ECHO).beatOnly();
        FakeWorker second = idleWorker("w-second", 1000, Map.of(), FakeWorker.ECHO).beatOnly();

        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request("/hf-inference/models/" + model,
                alice.readToken(), "{\"inputs\":\"x\"}", "X-Scale-Up-Timeout", "15"), HttpResponse.BodyHandlers.ofString());
        JsonNode firstLease = leaseOne(first, 3);
        String jobId = firstLease.path("jobId").asString();
        String staleToken = firstLease.path("leaseToken").asString();
        // The first worker's heartbeats do not list the job: its lease expires and the reaper requeues it.
        JsonNode secondLease = leaseOne(second, 6);
        assertThat(secondLease.path("jobId").asString()).isEqualTo(jobId);
        String token = secondLease.path("leaseToken").asString();
        assertThat(token).isNotEqualTo(staleToken);

        Map<String, Object> result = Map.of("status", 200, "contentType", "application/json",
                "body", List.of(List.of(Map.of("label", "POSITIVE", "score", 0.99))));
        HttpResponse<String> stale = first.postResult(jobId, staleToken, result);
        HttpResponse<String> stored = second.postResult(jobId, token, result);
        HttpResponse<String> repeated = second.postResult(jobId, token, result);
        HttpResponse<String> staleAgain = first.postResult(jobId, staleToken, result);

        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(TestAccounts.json(stored.body()).path("outcome").asString()).isEqualTo("stored");
        assertThat(repeated.statusCode()).isEqualTo(200);
        assertThat(TestAccounts.json(repeated.body()).path("outcome").asString()).isEqualTo("duplicate");
        assertThat(staleAgain.statusCode()).isEqualTo(409);
        HttpResponse<String> r = pending.join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestAccounts.json(r.body())).isEqualTo(TestAccounts.json("[[{\"label\":\"POSITIVE\",\"score\":0.99}]]"));
        assertThat(jdbc.sql("SELECT count(*) FROM inference_result WHERE job_id = CAST(:id AS uuid)").param("id", jobId)
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void storesABatchOfResultsInOneCallWithAnOutcomeForEachAndRefusesAMalformedBatchWhole() {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "batched", "text-classification", null, false);
        FakeWorker w = idleWorker("w-batch", 1000, Map.of(), FakeWorker.ECHO).beatOnly();
        List<CompletableFuture<HttpResponse<String>>> clients = new ArrayList<>();
        for (String input : List.of("one", "two")) {
            clients.add(http.sendAsync(request("/hf-inference/models/" + model, alice.readToken(),
                    "{\"inputs\":\"" + input + "\"}", "X-Scale-Up-Timeout", "15"), HttpResponse.BodyHandlers.ofString()));
        }
        JsonNode a = leaseOne(w, 5);
        JsonNode b = leaseOne(w, 5);
        Map<String, Object> resultA = Map.of("jobId", a.path("jobId").asString(), "leaseToken", a.path("leaseToken").asString(),
                "status", 200, "contentType", "application/json", "body", Map.of("echo", a.path("payload").path("inputs").asString()));
        Map<String, Object> resultB = Map.of("jobId", b.path("jobId").asString(), "leaseToken", b.path("leaseToken").asString(),
                "status", 200, "contentType", "application/json", "body", Map.of("echo", b.path("payload").path("inputs").asString()));

        HttpResponse<String> malformed = w.call("POST", "/internal/inference/results",
                Map.of("results", List.of(resultA, Map.of("jobId", b.path("jobId").asString(), "status", 200))), null);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(TestAccounts.json(malformed.body()).path("error").asString()).isEqualTo("Invalid lease token ''");
        assertThat(jobState(a.path("jobId").asString())).isEqualTo("leased");
        assertThat(jobState(b.path("jobId").asString())).isEqualTo("leased");

        Map<String, Object> wrongToken = new java.util.HashMap<>(resultB);
        wrongToken.put("leaseToken", java.util.UUID.randomUUID().toString());
        HttpResponse<String> r = w.call("POST", "/internal/inference/results",
                Map.of("results", List.of(resultA, wrongToken, resultB, resultA)), null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestAccounts.json(r.body()).path("outcomes").findValuesAsString("outcome"))
                .containsExactly("stored", "lost", "stored", "duplicate");
        assertThat(TestAccounts.json(r.body()).path("outcomes").findValuesAsString("jobId")).containsExactly(
                a.path("jobId").asString(), b.path("jobId").asString(), b.path("jobId").asString(), a.path("jobId").asString());
        List<String> answers = clients.stream().map(c -> c.join()).map(c -> c.statusCode() + " " + c.body()).toList();
        assertThat(answers).containsExactlyInAnyOrder("200 {\"echo\":\"one\"}", "200 {\"echo\":\"two\"}");
        assertThat(jobState(a.path("jobId").asString())).isEqualTo("done");
        assertThat(jobState(b.path("jobId").asString())).isEqualTo("done");
    }

    @Test
    void aDrainingWorkerIsLeasedNothingAndARemovedOneIsToldToRegisterAgain() {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "leaving", "text-classification", null, false);
        FakeWorker w = idleWorker("w-leaving", 1000, Map.of(), FakeWorker.ECHO).beatOnly();
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request("/hf-inference/models/" + model,
                alice.readToken(), "{\"inputs\":\"x\"}", "X-Scale-Up-Timeout", "15"), HttpResponse.BodyHandlers.ofString());
        await("the job to be queued", 5000, () -> jdbc.sql("SELECT count(*) FROM inference_job WHERE model_id = :m")
                .param("m", model).query(Integer.class).single() == 1);
        Map<String, Object> ask = Map.of("freeSlots", 1, "warm", List.of(model));

        assertThat(w.call("POST", "/internal/inference/workers/" + w.id + "/drain", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> draining = w.call("POST", "/internal/inference/workers/" + w.id + "/lease?wait=0.2", ask, null);
        assertThat(draining.statusCode()).isEqualTo(204);

        assertThat(w.call("DELETE", "/internal/inference/workers/" + w.id, null, null).statusCode()).isEqualTo(204);
        HttpResponse<String> removed = w.call("POST", "/internal/inference/workers/" + w.id + "/lease?wait=0.2", ask, null);
        assertThat(removed.statusCode()).isEqualTo(404);
        assertThat(TestAccounts.json(removed.body()).path("error").asString())
                .isEqualTo("Unknown worker " + w.id + "; register again");
        pending.cancel(true);
    }

    @Test
    void aNewJobIsHandedToAWaitingWarmLeaseCallButNotOnceItsWorkerDrains() {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "handoff", "text-classification", null, false);
        FakeWorker w = idleWorker("w-handoff", 1000, Map.of(), FakeWorker.ECHO).beatOnly();

        // A lease call waiting with the model warm is answered with the new job, already leased to it.
        CompletableFuture<HttpResponse<String>> waiting = waitingWarmLeaseCall(w, model);
        CompletableFuture<HttpResponse<String>> first = inferLater(alice, model, "first");
        HttpResponse<String> granted = waiting.join();
        assertThat(granted.statusCode()).isEqualTo(200);
        JsonNode job = TestAccounts.json(granted.body()).path("jobs").get(0);
        assertThat(job.path("payload").path("inputs").asString()).isEqualTo("first");
        assertThat(job.path("attempt").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT state || ' ' || worker_id || ' ' || lease_token FROM inference_job WHERE id = CAST(:id AS uuid)")
                .param("id", job.path("jobId").asString()).query(String.class).single())
                .isEqualTo("leased " + w.id + " " + job.path("leaseToken").asString());
        assertThat(w.postResult(job.path("jobId").asString(), job.path("leaseToken").asString(),
                Map.of("status", 200, "contentType", "application/json", "body", List.of("ok"))).statusCode()).isEqualTo(200);
        assertThat(first.join().body()).isEqualTo("[\"ok\"]");

        // Once the worker drains, its waiting call gets nothing: the job stays queued for another worker.
        idleWorker("w-other", 1000, Map.of(), FakeWorker.ECHO).beatOnly();
        CompletableFuture<HttpResponse<String>> drainingCall = waitingWarmLeaseCall(w, model);
        assertThat(w.call("POST", "/internal/inference/workers/" + w.id + "/drain", null, null).statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> second = inferLater(alice, model, "second");
        assertThat(drainingCall.join().statusCode()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT state FROM inference_job WHERE model_id = :m AND convert_from(payload, 'UTF8') = :p")
                .param("m", model).param("p", "{\"inputs\":\"second\"}").query(String.class).single()).isEqualTo("queued");
        second.cancel(true);
    }

    @Test
    void jobsHandedToALeaseCallThatWentAwayGoBackToTheQueueAsIfNeverLeased() {
        TestAccounts.User alice = accounts.user("alice");
        String model = model(alice, "unleased", "text-classification", null, false);
        FakeWorker w = idleWorker("w-gone", 1000, Map.of(), FakeWorker.ECHO).beatOnly();
        CompletableFuture<HttpResponse<String>> waiting = waitingWarmLeaseCall(w, model);
        CompletableFuture<HttpResponse<String>> client = inferLater(alice, model, "again");
        JsonNode handed = TestAccounts.json(waiting.join().body()).path("jobs").get(0);
        String jobId = handed.path("jobId").asString();

        // What the scheduler does when the call it handed the job to has gone in the meantime.
        queue.unlease(List.of(new InferenceJobs.LeasedJob(java.util.UUID.fromString(jobId), null, null, model, null, null,
                null, null, null, null, 1)));

        assertThat(jdbc.sql("SELECT state || ' ' || attempts || ' ' || (worker_id IS NULL) || ' ' || (lease_token IS NULL)"
                        + " FROM inference_job WHERE id = CAST(:id AS uuid)").param("id", jobId).query(String.class).single())
                .isEqualTo("queued 0 true true");
        Map<String, Object> result = Map.of("status", 200, "contentType", "application/json", "body", List.of("ok"));
        assertThat(w.postResult(jobId, handed.path("leaseToken").asString(), result).statusCode()).isEqualTo(409);
        JsonNode again = leaseOne(w, 5);
        assertThat(again.path("jobId").asString()).isEqualTo(jobId);
        assertThat(again.path("attempt").asInt()).isEqualTo(1);
        assertThat(w.postResult(jobId, again.path("leaseToken").asString(), result).statusCode()).isEqualTo(200);
        assertThat(client.join().body()).isEqualTo("[\"ok\"]");
    }

    @Test
    void aLightUsersJobIsNotStuckBehindAFloodingUsersHundredJobs() {
        TestAccounts.User heavy = accounts.user("heavy");
        TestAccounts.User light = accounts.user("light");
        String model = model(heavy, "shared", "text-classification", null, false);
        FakeWorker w = idleWorker("w-fair", 1000, Map.of(), FakeWorker.ECHO).beatOnly();

        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            flood.add(http.sendAsync(request("/hf-inference/models/" + model, heavy.readToken(),
                    "{\"inputs\":\"heavy-" + i + "\"}", "X-Scale-Up-Timeout", "60"), HttpResponse.BodyHandlers.ofString()));
        }
        await("the flood to be queued", 20000, () -> queued(model) == 100);
        CompletableFuture<HttpResponse<String>> lightJob = http.sendAsync(request("/hf-inference/models/" + model,
                light.readToken(), "{\"inputs\":\"light\"}", "X-Scale-Up-Timeout", "60"), HttpResponse.BodyHandlers.ofString());
        await("the light job to be queued", 5000, () -> queued(model) == 101);
        w.run();

        assertThat(lightJob.join().statusCode()).isEqualTo(200);
        flood.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));
        List<String> order = w.received.stream().map(j -> j.path("payload").path("inputs").asString()).toList();
        assertThat(order).hasSize(101);
        // Start-time fair queuing: the light user's first job gets the next start tag after the
        // heavy user's first, not the 101st.
        assertThat(order.indexOf("light")).isLessThanOrEqualTo(2);
    }

    /** A lease call of the worker holding the model warm, once the hub holds it waiting. */
    private CompletableFuture<HttpResponse<String>> waitingWarmLeaseCall(FakeWorker w, String model) {
        Map<String, Object> ask = Map.of("freeSlots", 4, "warm", List.of(model));
        CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(
                () -> w.call("POST", "/internal/inference/workers/" + w.id + "/lease?wait=3", ask, null));
        await("the lease call to wait", 5000, () -> scheduler.waitingLeaseCalls() == 1);
        return call;
    }

    /** A client's call that will wait for the model, answered later. */
    private CompletableFuture<HttpResponse<String>> inferLater(TestAccounts.User user, String model, String input) {
        return http.sendAsync(request("/hf-inference/models/" + model, user.readToken(), "{\"inputs\":\"" + input + "\"}",
                "X-Scale-Up-Timeout", "15"), HttpResponse.BodyHandlers.ofString());
    }

    private int queued(String model) {
        return jdbc.sql("SELECT count(*) FROM inference_job WHERE model_id = :m AND state = 'queued'")
                .param("m", model).query(Integer.class).single();
    }

    private static JsonNode leaseOne(FakeWorker w, int waitSeconds) {
        long end = System.currentTimeMillis() + waitSeconds * 1000L;
        while (System.currentTimeMillis() < end) {
            HttpResponse<String> r = w.call("POST", "/internal/inference/workers/" + w.id + "/lease?wait=1",
                    Map.of("freeSlots", 1, "warm", List.of()), null);
            if (r.statusCode() == 200) {
                JsonNode jobs = TestAccounts.json(r.body()).path("jobs");
                assertThat(jobs.size()).isEqualTo(1);
                return jobs.get(0);
            }
            assertThat(r.statusCode()).isEqualTo(204);
        }
        throw new AssertionError("no lease within " + waitSeconds + " s");
    }
}
