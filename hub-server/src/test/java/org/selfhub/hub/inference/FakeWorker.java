package org.selfhub.hub.inference;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A simulated worker (inference-design.md §6) speaking the worker protocol over real HTTP against
 * the hub: it registers, heartbeats every 150 ms, long-polls for leases and posts results. What it
 * does with a job is its {@link Engine}. It reports the models it "loaded" (any model it got a job
 * for) with the sizes given to it, and forgets the models the hub tells it to unload.
 */
final class FakeWorker implements AutoCloseable {

    /** What the worker does with a job: a result to post (as the protocol's JSON), or null to post nothing. */
    interface Engine {
        Map<String, Object> run(FakeWorker worker, JsonNode job) throws InterruptedException;
    }

    /** Echoes the model, the worker and the inputs as a JSON body. */
    static final Engine ECHO = (worker, job) -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", job.path("modelId").asString());
        body.put("task", job.path("task").asString());
        body.put("worker", worker.name);
        body.put("inputs", job.path("payload").path("inputs"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", 200);
        result.put("contentType", "application/json");
        result.put("body", body);
        return result;
    };

    static final JsonMapper JSON = JsonMapper.builder().build();

    final String name;
    private final String baseUrl;
    private final String secret;
    private final long memTotal;
    private final Map<String, Long> sizes;
    private final Engine engine;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Models held, with their sizes. */
    final Map<String, Long> models = new ConcurrentHashMap<>();
    /** Every job this worker was given, in order: job id → model. */
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    /** Every unload instruction received (lease replies and heartbeats). */
    final List<String> unloaded = new CopyOnWriteArrayList<>();
    /** Jobs the hub said to cancel. */
    final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean heartbeating = true;
    private boolean beatStarted;
    String id;

    FakeWorker(String baseUrl, String secret, String name, long memTotal, Map<String, Long> sizes, Engine engine) {
        this.baseUrl = baseUrl;
        this.secret = secret;
        this.name = name;
        this.memTotal = memTotal;
        this.sizes = sizes;
        this.engine = engine;
    }

    /** Registers and starts heartbeating and leasing, with these models already loaded. */
    FakeWorker start(String... preloaded) {
        register(preloaded);
        return run();
    }

    /** Registers (and sends one heartbeat) without taking work yet. */
    FakeWorker register(String... preloaded) {
        for (String m : preloaded) {
            models.put(m, sizes.getOrDefault(m, 0L));
        }
        Map<String, Object> device = Map.of("kind", "cpu", "name", "fake", "memTotal", memTotal, "memFree", memFree());
        HttpResponse<String> r = call("POST", "/internal/inference/workers", Map.of("name", name, "version", "test",
                "device", device, "maxConcurrency", 1, "maxBatch", 1, "tasks", List.of()), null);
        if (r.statusCode() != 201) {
            throw new AssertionError("register: " + r.statusCode() + " " + r.body());
        }
        id = JSON.readTree(r.body()).path("workerId").asString();
        heartbeat();
        return this;
    }

    /** Starts heartbeating only: the test leases and posts by hand (the heartbeats renew nothing). */
    FakeWorker beatOnly() {
        running = true;
        if (!beatStarted) {
            beatStarted = true;
            threads.add(daemon(name + "-beat", this::beatLoop));
        }
        return this;
    }

    /** Starts heartbeating and leasing. */
    FakeWorker run() {
        beatOnly();
        threads.add(daemon(name + "-lease", this::leaseLoop));
        return this;
    }

    long memFree() {
        return memTotal - models.values().stream().mapToLong(Long::longValue).sum();
    }

    private void beatLoop() {
        while (running) {
            if (heartbeating) {
                heartbeat();
            }
            sleep(150);
        }
    }

    void heartbeat() {
        List<Map<String, Object>> held = new ArrayList<>();
        models.forEach((m, bytes) -> held.add(Map.of("modelId", m, "sha", "", "state", "ready", "bytes", bytes)));
        HttpResponse<String> r = call("POST", "/internal/inference/workers/" + id + "/heartbeat",
                Map.of("models", held, "memFree", memFree(), "inFlight", List.copyOf(inFlight)), null);
        if (r.statusCode() == 200) {
            JsonNode reply = JSON.readTree(r.body());
            reply.path("unload").forEach(m -> unload(m.asString()));
            reply.path("cancel").forEach(j -> cancelled.add(j.asString()));
        }
    }

    private void unload(String model) {
        unloaded.add(model);
        models.remove(model);
    }

    private void leaseLoop() {
        while (running) {
            HttpResponse<String> r = call("POST", "/internal/inference/workers/" + id + "/lease?wait=1",
                    Map.of("freeSlots", 1, "warm", List.copyOf(models.keySet()), "memFree", memFree()), null);
            if (!running) {
                return;
            }
            if (r.statusCode() != 200) {
                if (r.statusCode() != 204) {
                    sleep(100);
                }
                continue;
            }
            JsonNode grant = JSON.readTree(r.body());
            grant.path("unload").forEach(m -> unload(m.asString()));
            for (JsonNode job : grant.path("jobs")) {
                String model = job.path("modelId").asString();
                models.put(model, sizes.getOrDefault(model, 0L));
                received.add(job);
                String jobId = job.path("jobId").asString();
                inFlight.add(jobId);
                try {
                    Map<String, Object> result = engine.run(this, job);
                    if (result == null) {
                        continue; // a crashed worker posts nothing and keeps its lease until it expires
                    }
                    postResult(jobId, job.path("leaseToken").asString(), result);
                } catch (InterruptedException e) {
                    return;
                } finally {
                    inFlight.remove(jobId);
                }
            }
        }
    }

    HttpResponse<String> postResult(String jobId, String leaseToken, Map<String, Object> result) {
        return call("PUT", "/internal/inference/jobs/" + jobId + "/result", result, leaseToken);
    }

    /** Stops heartbeating and leasing without telling the hub: a crash. */
    void crash() {
        running = false;
        heartbeating = false;
        threads.forEach(Thread::interrupt);
    }

    /** Stops heartbeats only: the worker is still leasing but its leases are not renewed. */
    void stopHeartbeats() {
        heartbeating = false;
    }

    List<String> receivedModels() {
        return received.stream().map(j -> j.path("modelId").asString()).toList();
    }

    List<String> receivedJobIds() {
        return Collections.unmodifiableList(received.stream().map(j -> j.path("jobId").asString()).toList());
    }

    @Override
    public void close() {
        crash();
        for (Thread t : threads) {
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (id != null) {
            call("DELETE", "/internal/inference/workers/" + id, null, null);
        }
    }

    HttpResponse<String> call(String method, String path, Object body, String leaseToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + secret);
        if (leaseToken != null) {
            b.header("X-Lease-Token", leaseToken);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                // a crashed or closed worker's call fails; the thread just ends
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
