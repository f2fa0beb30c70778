package org.selfhub.worker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.selfhub.worker.device.Device;
import org.selfhub.worker.device.DeviceSelector;
import org.selfhub.worker.hub.HttpHubClient;
import org.selfhub.worker.hub.HubClient;
import org.selfhub.worker.model.LoadedModel;
import org.selfhub.worker.model.ModelCache;
import org.selfhub.worker.model.ModelKey;
import org.selfhub.worker.model.ModelPool;
import org.selfhub.worker.model.ModelTooLargeException;
import org.selfhub.worker.model.OnnxModelLoader;
import org.selfhub.worker.task.TaskException;
import org.selfhub.worker.task.TaskRequest;
import org.selfhub.worker.task.TaskRunner;
import org.selfhub.worker.task.TaskRunners;
import org.selfhub.worker.task.TextGenerationRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A running worker: registers with the hub, heartbeats, long-polls for leases, fetches model files into
 * the disk cache, runs jobs (same-model jobs of one lease together) and posts results fenced by the lease
 * token (inference-design.md §3.2–§3.5, §3.7). {@link #drain} stops leasing, lets the jobs in hand
 * finish, then tells the hub and deregisters; the command line calls it on SIGTERM.
 *
 * <p>Embedding: {@code WorkerRuntime w = WorkerRuntime.start(WorkerConfig.cpu(hubUrl, secret, dir, bytes));}
 * … {@code w.stop();}
 */
public final class WorkerRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WorkerRuntime.class.getName());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WorkerConfig config;
    private final HubClient hub;
    private final Device device;
    private final ModelCache cache;
    private final ModelPool<LoadedModel> pool;
    private final TaskRunners runners;
    private final Clock clock;
    private final ExecutorService jobs;
    private final ScheduledExecutorService heartbeats;
    private final Thread leaseThread;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean drained = new AtomicBoolean();
    private final AtomicInteger busy = new AtomicInteger();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile HubClient.Registered registered;

    private WorkerRuntime(WorkerConfig config, HubClient hub, Device device, Clock clock) {
        this.config = config;
        this.hub = hub;
        this.device = device;
        this.clock = clock;
        this.cache = new ModelCache(config.cacheDir());
        long budget = device.isCuda() ? Math.min(config.memoryBudgetBytes(), device.memTotal()) : config.memoryBudgetBytes();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / config.concurrency());
        this.pool = new ModelPool<>(budget, new OnnxModelLoader(cache::directory, device, threads), clock, 60_000);
        this.runners = TaskRunners.all();
        this.jobs = Executors.newFixedThreadPool(config.concurrency(), daemon("hub-worker-job"));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("hub-worker-heartbeat"));
        this.leaseThread = daemon("hub-worker-lease").newThread(this::leaseLoop);
    }

    /** Selects the device, registers with the hub over HTTP and starts leasing. */
    public static WorkerRuntime start(WorkerConfig config) throws IOException {
        Device device = new DeviceSelector().select(config.device(), config.memoryBudgetBytes());
        return start(config, new HttpHubClient(config.hubUrl(), config.secret()), device);
    }

    /** Starts against any {@link HubClient} on a chosen device (tests, or a hub embedding its own client). */
    public static WorkerRuntime start(WorkerConfig config, HubClient hub, Device device) throws IOException {
        WorkerRuntime w = new WorkerRuntime(config, hub, device, Clock.systemUTC());
        w.registered = hub.register(w.registration());
        LOG.log(System.Logger.Level.INFO, "registered as " + w.registered.workerId() + " on " + device.kind()
                + " (" + device.reason() + ")");
        long every = Math.max(100, (long) (w.registered.heartbeatIntervalS() * 1000));
        w.heartbeats.scheduleWithFixedDelay(w::heartbeat, every, every, TimeUnit.MILLISECONDS);
        w.leaseThread.start();
        return w;
    }

    public String workerId() {
        return registered.workerId();
    }

    public Device device() {
        return device;
    }

    public boolean isDraining() {
        return draining.get();
    }

    /**
     * Stops leasing, waits up to {@code timeout} for the jobs in hand to be run and posted, then sends
     * {@code drain} and deregisters. Idempotent.
     *
     * @return whether every job in hand finished within the timeout
     */
    public boolean drain(Duration timeout) {
        draining.set(true);
        // The long poll in progress gets a moment to come back (its jobs are run like the others), then
        // is interrupted so that a drain does not wait a whole long poll: jobs the hub leased to an
        // abandoned poll go back to the queue when this worker deregisters below (protocol §5).
        boolean done;
        try {
            leaseThread.join(Math.max(1, Math.min(timeout.toMillis(), 1000)));
            if (leaseThread.isAlive()) {
                leaseThread.interrupt();
                leaseThread.join(Math.max(1, timeout.toMillis()));
            }
            jobs.shutdown();
            done = jobs.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (drained.compareAndSet(false, true)) {
            heartbeats.shutdownNow();
            try {
                hub.drain(workerId());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "drain call failed: " + e.getMessage());
            }
            try {
                hub.deregister(workerId());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "deregister failed: " + e.getMessage());
            }
            finished.countDown();
        }
        return done;
    }

    /** Blocks until the worker has drained. */
    public void awaitTermination() throws InterruptedException {
        finished.await();
    }

    /** Drains (up to 2 minutes) and unloads every model. */
    public void stop() {
        drain(Duration.ofMinutes(2));
        jobs.shutdownNow();
        pool.close();
    }

    @Override
    public void close() {
        stop();
    }

    // ---- protocol -------------------------------------------------------------------------------------

    private ObjectNode registration() {
        ObjectNode r = JSON.createObjectNode();
        r.put("name", config.name());
        r.put("version", WorkerMain.version());
        r.putArray("runtimes").add(device.runtime());
        ObjectNode d = r.putObject("device");
        d.put("kind", device.kind()).put("name", device.name()).put("memTotal", pool.budgetBytes()).put("memFree", pool.freeBytes());
        r.put("cpuCores", Runtime.getRuntime().availableProcessors());
        r.put("ramBytes", Runtime.getRuntime().maxMemory());
        r.put("maxConcurrency", config.concurrency());
        r.put("maxBatch", config.maxBatch());
        ArrayNode tasks = r.putArray("tasks");
        runners.tasks().forEach(tasks::add);
        return r;
    }

    private void heartbeat() {
        try {
            ObjectNode hb = JSON.createObjectNode();
            ArrayNode models = hb.putArray("models");
            for (ModelPool.ModelState m : pool.snapshot()) {
                models.addObject().put("modelId", m.modelId()).put("sha", m.sha()).put("state", m.state())
                        .put("bytes", m.bytes()).put("lastUsed", m.lastUsed().toString());
            }
            hb.put("memFree", pool.freeBytes());
            ArrayNode ids = hb.putArray("inFlight");
            inFlight.forEach(ids::add);
            JsonNode reply = hub.heartbeat(workerId(), hb);
            reply.path("cancel").forEach(j -> cancelled.add(j.asString()));
            reply.path("unload").forEach(m -> pool.unload(m.asString()));
            if (reply.path("drain").asBoolean(false) && !draining.get()) {
                LOG.log(System.Logger.Level.INFO, "the hub asked this worker to drain");
                daemon("hub-worker-drain").newThread(() -> drain(Duration.ofMinutes(10))).start();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "heartbeat failed: " + e.getMessage());
        }
    }

    private void leaseLoop() {
        long backoffMs = 500;
        while (!draining.get()) {
            int free = config.concurrency() - busy.get();
            if (free <= 0) {
                sleep(50);
                continue;
            }
            ObjectNode req = JSON.createObjectNode();
            req.put("freeSlots", free * config.maxBatch());
            ArrayNode warm = req.putArray("warm");
            pool.loadedKeys().forEach(k -> warm.add(k.modelId()));
            req.put("memFree", pool.freeBytes());
            List<JsonNode> leased;
            try {
                leased = hub.lease(workerId(), req, Math.max(1, (int) Math.ceil(registered.longPollS())));
                backoffMs = 500;
            } catch (InterruptedException e) {
                break;
            } catch (IOException | RuntimeException e) {
                if (draining.get() || Thread.currentThread().isInterrupted()) {
                    break;
                }
                LOG.log(System.Logger.Level.WARNING, "lease failed: " + e.getMessage() + "; retrying in " + backoffMs + " ms");
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 30_000);
                continue;
            }
            for (List<JsonNode> batch : batches(leased)) {
                batch.forEach(j -> inFlight.add(j.path("jobId").asString()));
                busy.incrementAndGet();
                try {
                    jobs.execute(() -> {
                        try {
                            runBatch(batch);
                        } finally {
                            batch.forEach(j -> inFlight.remove(j.path("jobId").asString()));
                            busy.decrementAndGet();
                        }
                    });
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // The drain gave up waiting for this poll; hand the jobs back for another worker.
                    ObjectNode r = error(503, "the worker is shutting down", true);
                    batch.forEach(j -> post(j, r));
                    batch.forEach(j -> inFlight.remove(j.path("jobId").asString()));
                    busy.decrementAndGet();
                }
            }
        }
    }

    /** Jobs of one model, sha, task and options run together (§3.5), up to {@code maxBatch}. */
    private List<List<JsonNode>> batches(List<JsonNode> leased) {
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        for (JsonNode j : leased) {
            String key = j.path("modelId").asString() + "\n" + j.path("sha").asString() + "\n" + j.path("task").asString()
                    + "\n" + j.path("params");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(j);
        }
        List<List<JsonNode>> out = new ArrayList<>();
        for (List<JsonNode> g : groups.values()) {
            for (int i = 0; i < g.size(); i += config.maxBatch()) {
                out.add(g.subList(i, Math.min(g.size(), i + config.maxBatch())));
            }
        }
        return out;
    }

    private void runBatch(List<JsonNode> batch) {
        JsonNode first = batch.get(0);
        ModelKey key = new ModelKey(first.path("modelId").asString(), first.path("sha").asString());
        String task = first.path("task").asString();
        List<JsonNode> live = new ArrayList<>();
        for (JsonNode job : batch) {
            if (cancelled.remove(job.path("jobId").asString())) {
                continue; // the caller went away; the hub no longer wants a result
            }
            if (pastDeadline(job)) {
                post(job, error(504, "the job's deadline passed before it ran", false));
                continue;
            }
            live.add(job);
        }
        if (live.isEmpty()) {
            return;
        }
        try {
            TaskRunner runner = runners.get(task).orElseThrow(
                    () -> new TaskException(422, "task '" + task + "' is not supported by this worker"));
            if (!cache.isComplete(key) || pool.loadedKeys().stream().noneMatch(key::equals)) {
                ObjectNode p = JSON.createObjectNode().put("phase", "loading");
                live.forEach(j -> hub.progress(j.path("jobId").asString(), j.path("leaseToken").asString(), p));
            }
            cache.ensure(key, source(first, key));
            try (ModelPool<LoadedModel>.Handle handle = pool.acquire(key)) {
                LoadedModel model = handle.model();
                List<TaskRequest> requests = new ArrayList<>();
                List<JsonNode> parsed = new ArrayList<>();
                for (JsonNode job : live) {
                    try {
                        requests.add(request(job));
                        parsed.add(job);
                    } catch (TaskException e) {
                        post(job, error(e.status(), e.getMessage(), false));
                    }
                }
                long start = System.nanoTime();
                if (runner instanceof TextGenerationRunner) {
                    for (int i = 0; i < parsed.size(); i++) {
                        runOne((TextGenerationRunner) runner, model, parsed.get(i), requests.get(i));
                    }
                    return;
                }
                List<TaskRunner.Outcome> outcomes = runner.runBatch(model, requests);
                double seconds = (System.nanoTime() - start) / 1e9;
                List<ObjectNode> results = new ArrayList<>();
                for (TaskRunner.Outcome o : outcomes) {
                    results.add(o.error() == null
                            ? success("application/json", JSON.valueToTree(o.value()), seconds, key)
                            : failure(o.error()));
                }
                postAll(parsed, results);
            }
        } catch (Exception e) {
            ObjectNode f = failure(e);
            live.forEach(j -> post(j, f));
        }
    }

    private void runOne(TextGenerationRunner runner, LoadedModel model, JsonNode job, TaskRequest request) {
        long start = System.nanoTime();
        try {
            boolean stream = request.options().path("stream").asBoolean(false)
                    || (request.body() != null && request.body().path("stream").asBoolean(false));
            JsonNode body;
            String type;
            if (stream) {
                // The whole SSE body goes back in one result; see the report for incremental streaming.
                body = JSON.getNodeFactory().stringNode(runner.stream(model, request, e -> { }));
                type = "text/event-stream";
            } else {
                body = JSON.valueToTree(runner.run(model, request));
                type = "application/json";
            }
            post(job, success(type, body, (System.nanoTime() - start) / 1e9, model.key()));
        } catch (Exception e) {
            post(job, failure(e));
        }
    }

    /**
     * The job's model files: listed with {@code GET /api/models/{id}/revision/{sha}} and fetched from
     * {@code resolve}, both with the lease's {@code files.token} (a short-lived {@code hfw_} read token for
     * this repository; protocol §3).
     */
    private ModelCache.Source source(JsonNode job, ModelKey key) {
        JsonNode files = job.path("files");
        String token = files.path("token").isString() ? files.path("token").asString() : null;
        return new ModelCache.Source() {
            @Override
            public List<String> listFiles() throws IOException {
                return hub.listFiles(key.modelId(), key.sha(), token);
            }

            @Override
            public void download(String path, Path target) throws IOException {
                hub.download(key.modelId(), key.sha(), path, token, target);
            }
        };
    }

    /** The job's payload as a request: JSON inline, JSON text, or base64 bytes ({@code payloadB64} too). */
    static TaskRequest request(JsonNode job) {
        String type = job.path("contentType").asString("application/json");
        ObjectNode options = job.path("params").isObject() ? (ObjectNode) job.path("params") : null;
        JsonNode payload = job.path("payload");
        byte[] bytes = null;
        if (job.path("payloadB64").isString()) {
            bytes = Base64.getDecoder().decode(job.path("payloadB64").asString());
        }
        boolean json = type.toLowerCase(java.util.Locale.ROOT).contains("json");
        if (options != null && !options.has("zeroShotFormat") && legacyZeroShot(options.path("userAgent").asString(""))) {
            options = options.deepCopy().put("zeroShotFormat", "legacy");
        }
        if (json || payload.isObject()) {
            // A raw image or audio body arrives as {"inputs": "<base64>", "parameters": {}} (protocol §3).
            if (payload.isObject() || payload.isArray()) {
                return new TaskRequest(payload, null, type, options);
            }
            String text = bytes != null ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : payload.asString("");
            try {
                return new TaskRequest(JSON.readTree(text), null, type, options);
            } catch (RuntimeException e) {
                throw TaskException.badInput("the request body is not valid JSON");
            }
        }
        if (bytes == null) {
            try {
                bytes = Base64.getMimeDecoder().decode(payload.asString(""));
            } catch (IllegalArgumentException e) {
                throw TaskException.badInput("the request body could not be decoded");
            }
        }
        return new TaskRequest(null, bytes, type, options);
    }

    /**
     * Python huggingface_hub ≤ 1.1 reads zero-shot results as {@code {labels, scores}}; newer clients and
     * JS take the list (hub-api-contract.md §9.4). Decided from the {@code hf_hub/x.y} User-Agent token.
     */
    static boolean legacyZeroShot(String userAgent) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("hf_hub/(\\d+)\\.(\\d+)").matcher(userAgent);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major == 0 || major == 1 && minor <= 1;
    }

    /** A success: a JSON content type carries the JSON value itself, others a string (protocol §4). */
    private ObjectNode success(String contentType, JsonNode body, double seconds, ModelKey key) {
        ObjectNode r = JSON.createObjectNode();
        r.put("status", 200).put("contentType", contentType).set("body", body);
        ObjectNode h = r.putObject("headers");
        h.put("x-compute-type", device.isCuda() ? "gpu" : "cpu");
        h.put("x-compute-time", String.format(java.util.Locale.ROOT, "%.3f", seconds));
        h.put("x-sha", key.sha());
        return r;
    }

    private static ObjectNode error(int status, String message, boolean retryable) {
        ObjectNode r = JSON.createObjectNode();
        r.put("status", status).put("error", message).put("retryable", retryable);
        return r;
    }

    /** Bad input is final; a model too big is 413; I/O, runtime and capacity failures may be retried elsewhere. */
    private static ObjectNode failure(Exception e) {
        if (e instanceof TaskException) {
            TaskException t = (TaskException) e;
            return error(t.status(), t.getMessage(), t.status() >= 500);
        }
        if (e instanceof ModelTooLargeException) {
            return error(413, e.getMessage(), false);
        }
        LOG.log(System.Logger.Level.WARNING, "job failed", e);
        boolean retryable = e instanceof IOException || e instanceof TimeoutException
                || e instanceof ai.onnxruntime.OrtException;
        return error(500, "Inference failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), retryable);
    }

    /** Posts one job's result. */
    private void post(JsonNode job, ObjectNode result) {
        postAll(List.of(job), List.of(result));
    }

    /**
     * Posts results, a batch's in one call (one result: the single post), retrying transport errors
     * (posts are idempotent, §3.3); a refused result means its lease was lost.
     */
    private void postAll(List<JsonNode> jobs, List<ObjectNode> results) {
        for (int attempt = 0; attempt < 4; attempt++) {
            try {
                List<Boolean> stored;
                if (jobs.size() == 1) {
                    stored = List.of(hub.postResult(jobs.get(0).path("jobId").asString(),
                            jobs.get(0).path("leaseToken").asString(), results.get(0)));
                } else {
                    List<ObjectNode> items = new ArrayList<>();
                    for (int i = 0; i < jobs.size(); i++) {
                        items.add(JSON.createObjectNode().put("jobId", jobs.get(i).path("jobId").asString())
                                .put("leaseToken", jobs.get(i).path("leaseToken").asString()).setAll(results.get(i)));
                    }
                    stored = hub.postResults(items);
                }
                for (int i = 0; i < stored.size(); i++) {
                    if (!stored.get(i)) {
                        LOG.log(System.Logger.Level.INFO, "result of job " + jobs.get(i).path("jobId").asString()
                                + " refused: the lease was lost");
                    }
                }
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "posting the results of " + jobs.size() + " jobs failed: "
                        + e.getMessage());
                sleep(200L << attempt);
            }
        }
    }

    private boolean pastDeadline(JsonNode job) {
        JsonNode d = job.get("deadline");
        if (d == null || d.isNull()) {
            return false;
        }
        Instant deadline;
        try {
            deadline = d.isNumber() ? Instant.ofEpochMilli(d.asLong()) : Instant.parse(d.asString());
        } catch (DateTimeParseException e) {
            return false;
        }
        return clock.instant().isAfter(deadline);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
