package org.selfhub.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfhub.worker.device.Device;
import org.selfhub.worker.hub.HttpHubClient;
import org.selfhub.worker.task.TinyModels;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The lease loop against a tiny fake hub speaking inference-design.md §3.2. */
class WorkerRuntimeTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SECRET = "pool-secret";
    static final String SHA = "b".repeat(40);
    static final Device CPU = new Device("cpu", 0, "cpu", 1L << 30, "test");

    @TempDir
    Path tmp;
    HttpServer server;
    Path repo;
    final List<String> events = new CopyOnWriteArrayList<>();
    final Map<String, JsonNode> results = new ConcurrentHashMap<>();
    final Map<String, String> resultTokens = new ConcurrentHashMap<>();
    final List<String> fileAuth = new CopyOnWriteArrayList<>();
    final CountDownLatch leased = new CountDownLatch(1);
    final CountDownLatch posted = new CountDownLatch(2);
    final AtomicInteger leaseCalls = new AtomicInteger();
    volatile JsonNode registration;
    volatile String registrationAuth;
    volatile String jobs;
    volatile long fileDelayMs;
    WorkerRuntime worker;

    @BeforeEach
    void fakeHub() throws IOException {
        repo = TinyModels.write(tmp.resolve("repo"), TinyModels.sequenceLogits(
                TinyModels.random(TinyModels.V, 4, 5), TinyModels.random(4, 2, 6), new float[2]),
                TinyModels.tokenizerJson(true), Map.of("config.json", TinyModels.config(List.of("NEGATIVE", "POSITIVE"), "")));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.stop();
        }
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String method = x.getRequestMethod();
        byte[] body = x.getRequestBody().readAllBytes();
        String auth = x.getRequestHeaders().getFirst("Authorization");
        try {
            if (path.startsWith("/internal/") && !("Bearer " + SECRET).equals(auth)) {
                send(x, 401, "{\"error\":\"bad secret\"}");
            } else if (method.equals("POST") && path.equals("/internal/inference/workers")) {
                registration = JSON.readTree(body);
                registrationAuth = auth;
                events.add("register");
                // The hub's reply as docs/inference-protocol.md §1 has it: 201, fractional seconds, no worker token.
                send(x, 201, "{\"workerId\":\"w1\",\"heartbeatIntervalS\":0.5,\"leaseTtlS\":30.0,\"longPollS\":1.0}");
            } else if (path.equals("/internal/inference/workers/w1/lease")) {
                leaseCalls.incrementAndGet();
                String j = jobs;
                jobs = null;
                if (j != null) {
                    events.add("lease");
                    send(x, 200, j);
                    leased.countDown();
                } else {
                    Thread.sleep(200);
                    send(x, 204, null);
                }
            } else if (path.equals("/internal/inference/workers/w1/heartbeat")) {
                send(x, 200, "{\"extended\":[],\"cancel\":[],\"unload\":[],\"preload\":[],\"drain\":false}");
            } else if (method.equals("PUT") && path.startsWith("/internal/inference/jobs/") && path.endsWith("/result")) {
                String id = path.split("/")[4];
                results.put(id, JSON.readTree(body));
                resultTokens.put(id, x.getRequestHeaders().getFirst("X-Lease-Token"));
                events.add("result " + id);
                send(x, 200, "{}");
                posted.countDown();
            } else if (method.equals("POST") && path.equals("/internal/inference/results")) {
                StringBuilder outcomes = new StringBuilder();
                for (JsonNode r : JSON.readTree(body).path("results")) {
                    String id = r.path("jobId").asString();
                    results.put(id, r);
                    resultTokens.put(id, r.path("leaseToken").asString());
                    events.add("results " + id);
                    outcomes.append(outcomes.length() == 0 ? "" : ",").append("{\"jobId\":\"").append(id)
                            .append("\",\"outcome\":\"stored\"}");
                }
                send(x, 200, "{\"outcomes\":[" + outcomes + "]}");
                JSON.readTree(body).path("results").forEach(r -> posted.countDown());
            } else if (path.endsWith("/progress")) {
                send(x, 200, "{}");
            } else if (method.equals("POST") && path.equals("/internal/inference/workers/w1/drain")) {
                events.add("drain");
                send(x, 200, "{}");
            } else if (method.equals("DELETE") && path.equals("/internal/inference/workers/w1")) {
                events.add("deregister");
                send(x, 204, null);
            } else if (path.equals("/api/models/test/tiny/revision/" + SHA)) {
                StringBuilder siblings = new StringBuilder();
                try (var files = Files.walk(repo)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        siblings.append(siblings.length() == 0 ? "" : ",").append("{\"rfilename\":\"")
                                .append(repo.relativize(f).toString().replace('\\', '/')).append("\"}");
                    }
                }
                send(x, 200, "{\"id\":\"test/tiny\",\"sha\":\"" + SHA + "\",\"siblings\":[" + siblings + "]}");
            } else if (path.startsWith("/test/tiny/resolve/" + SHA + "/")) {
                fileAuth.add(auth);
                if (!"Bearer model-token".equals(auth)) {
                    send(x, 401, "{}");
                    return;
                }
                Thread.sleep(fileDelayMs);
                Path f = repo.resolve(path.substring(("/test/tiny/resolve/" + SHA + "/").length()));
                byte[] bytes = Files.readAllBytes(f);
                x.sendResponseHeaders(200, bytes.length);
                x.getResponseBody().write(bytes);
                x.close();
            } else {
                send(x, 404, "{\"error\":\"no route " + method + " " + path + "\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(x, 500, "{}");
        }
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        if (body == null) {
            x.sendResponseHeaders(status, -1);
        } else {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status, b.length);
            x.getResponseBody().write(b);
        }
        x.close();
    }

    private String job(String id, String payloadJson) {
        return "{\"jobId\":\"" + id + "\",\"leaseToken\":\"lease-" + id + "\",\"modelId\":\"test/tiny\",\"sha\":\"" + SHA
                + "\",\"task\":\"text-classification\",\"payload\":" + payloadJson
                + ",\"contentType\":\"application/json\",\"params\":{\"api\":\"hf\",\"stream\":false},\"deadline\":\""
                + Instant.now().plusSeconds(60) + "\",\"attempt\":1,\"files\":{\"baseUrl\":\"http://elsewhere/test/tiny/resolve/"
                + SHA + "/\",\"token\":\"model-token\"}}";
    }

    private WorkerRuntime startWorker() throws IOException {
        URI hub = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        WorkerConfig config = new WorkerConfig(hub, SECRET, "cpu", 1L << 30, tmp.resolve("cache"), 1, 8, "test-worker");
        return WorkerRuntime.start(config, new HttpHubClient(hub, SECRET), CPU);
    }

    @Test
    void registersLeasesFetchesRunsAndPostsWithTheLeaseToken() throws Exception {
        jobs = "{\"jobs\":[" + job("j1", "{\"inputs\":\"I love this movie\"}") + ","
                + job("j2", "\"{\\\"inputs\\\":42}\"") + "]}";
        worker = startWorker();
        assertThat(posted.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(registrationAuth).isEqualTo("Bearer " + SECRET);
        assertThat(registration.path("device").path("kind").asString()).isEqualTo("cpu");
        assertThat(registration.path("device").path("memTotal").asLong()).isEqualTo(1L << 30);
        assertThat(registration.path("runtimes").get(0).asString()).isEqualTo("onnx-cpu");
        assertThat(registration.path("tasks").toString()).contains("text-classification", "feature-extraction");
        assertThat(registration.path("maxBatch").asInt()).isEqualTo(8);
        assertThat(fileAuth).isNotEmpty().allMatch("Bearer model-token"::equals);

        JsonNode ok = results.get("j1");
        assertThat(resultTokens.get("j1")).isEqualTo("lease-j1");
        assertThat(ok.path("status").asInt()).isEqualTo(200);
        assertThat(ok.path("contentType").asString()).isEqualTo("application/json");
        JsonNode body = ok.path("body"); // a JSON content type carries the value itself (protocol §4)
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get(0).size()).isEqualTo(2);
        assertThat(body.get(0).get(0).get("score").asDouble() + body.get(0).get(1).get("score").asDouble())
                .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(ok.path("headers").path("x-sha").asString()).isEqualTo(SHA);
        assertThat(ok.path("headers").path("x-compute-type").asString()).isEqualTo("cpu");

        JsonNode bad = results.get("j2");
        assertThat(resultTokens.get("j2")).isEqualTo("lease-j2");
        assertThat(bad.path("status").asInt()).isEqualTo(400);
        assertThat(bad.path("retryable").asBoolean()).isFalse();
        assertThat(bad.path("error").asString()).contains("inputs");
        assertThat(tmp.resolve("cache/models--test--tiny/" + SHA + "/model.onnx")).exists();
    }

    @Test
    void postsTheResultsOfABatchInOneCall() throws Exception {
        jobs = "{\"jobs\":[" + job("j1", "{\"inputs\":\"I love this movie\"}") + ","
                + job("j2", "{\"inputs\":\"I hate this movie\"}") + "]}";
        worker = startWorker();
        assertThat(posted.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(events).contains("results j1", "results j2").noneMatch(e -> e.startsWith("result "));
        for (String id : List.of("j1", "j2")) {
            assertThat(resultTokens.get(id)).isEqualTo("lease-" + id);
            assertThat(results.get(id).path("status").asInt()).isEqualTo(200);
            JsonNode labels = results.get(id).path("body").get(0);
            assertThat(labels.get(0).get("score").asDouble() + labels.get(1).get("score").asDouble())
                    .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
            assertThat(results.get(id).path("headers").path("x-sha").asString()).isEqualTo(SHA);
        }
        // One forward pass for both: the two posts carry the same measured compute time.
        assertThat(results.get("j1").path("headers").path("x-compute-time").asString()).matches("\\d+\\.\\d{3}")
                .isEqualTo(results.get("j2").path("headers").path("x-compute-time").asString());
    }

    @Test
    void drainFinishesTheJobInHandThenStopsLeasingAndDeregisters() throws Exception {
        fileDelayMs = 400; // the job is still fetching its model when the drain starts
        jobs = "{\"jobs\":[" + job("j1", "{\"inputs\":\"I hate this movie\"}") + "]}";
        worker = startWorker();
        assertThat(leased.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.drain(Duration.ofSeconds(30))).isTrue();
        assertThat(worker.isDraining()).isTrue();
        assertThat(events).containsSubsequence("register", "lease", "result j1", "drain", "deregister");
        assertThat(results.get("j1").path("status").asInt()).isEqualTo(200);
        int calls = leaseCalls.get();
        Thread.sleep(400);
        assertThat(leaseCalls.get()).isEqualTo(calls);
        assertThat(worker.drain(Duration.ofSeconds(1))).isTrue(); // idempotent: no second deregister
        assertThat(events.stream().filter("deregister"::equals)).hasSize(1);
    }

    @Test
    void readsTheHubsJobShapes() {
        // A raw image body arrives as {"inputs": "<base64>"} with the client's content type (protocol §3).
        JsonNode image = JSON.readTree("{\"contentType\":\"image/png\",\"payload\":{\"inputs\":\"AQID\","
                + "\"parameters\":{}},\"params\":{\"api\":\"hf\"}}");
        assertThat(WorkerRuntime.request(image).binaryInput()).containsExactly(1, 2, 3);
        // The zero-shot shape follows the Python client's version (hub-api-contract.md §9.4).
        JsonNode old = JSON.readTree("{\"payload\":{\"inputs\":\"x\"},\"params\":{\"userAgent\":"
                + "\"unknown/None; hf_hub/1.1.0; python/3.11\"}}");
        assertThat(WorkerRuntime.request(old).options().path("zeroShotFormat").asString("")).isEqualTo("legacy");
        JsonNode current = JSON.readTree("{\"payload\":{\"inputs\":\"x\"},\"params\":{\"userAgent\":"
                + "\"unknown/None; hf_hub/2.4.0; python/3.11\"}}");
        assertThat(WorkerRuntime.request(current).options().has("zeroShotFormat")).isFalse();
    }
}
