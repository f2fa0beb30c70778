package org.selfhub.hub.inference;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.selfhub.hub.inference.InferenceJobs.Completion;
import org.selfhub.hub.inference.InferenceJobs.HeartbeatReply;
import org.selfhub.hub.inference.InferenceJobs.LeaseGrant;
import org.selfhub.hub.inference.InferenceJobs.LeasedJob;
import org.selfhub.hub.inference.InferenceJobs.ReportedModel;
import org.selfhub.hub.inference.InferenceJobs.WorkerResult;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.system.PublicUrls;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.databind.JsonNode;

/**
 * The worker ↔ hub protocol (inference-design.md §3.2; exact bodies in docs/inference-protocol.md):
 * register, heartbeat, long-poll lease, post a result, drain and deregister. Every call carries
 * the pool secret, checked by {@link WorkerAuthFilter}.
 */
@RestController
class WorkerProtocolController {

    private final WorkerRegistry workers;
    private final InferenceScheduler scheduler;
    private final InferenceProperties properties;
    private final ModelReadTokens readTokens;
    private final PublicUrls urls;

    WorkerProtocolController(WorkerRegistry workers, InferenceScheduler scheduler,
                             InferenceProperties properties, ModelReadTokens readTokens, PublicUrls urls) {
        this.workers = workers;
        this.scheduler = scheduler;
        this.properties = properties;
        this.readTokens = readTokens;
        this.urls = urls;
    }

    @PostMapping("/internal/inference/workers")
    ResponseEntity<Map<String, Object>> register(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        requireWorker(request);
        JsonNode json = read(body);
        JsonNode device = json.path("device");
        String kind = device.path("kind").asString("cpu");
        long memTotal = device.path("memTotal").asLong(json.path("ramBytes").asLong(0));
        if (memTotal <= 0) {
            throw HubException.badRequest("device.memTotal must be a positive number of bytes");
        }
        List<String> tasks = new ArrayList<>();
        json.path("tasks").forEach(t -> tasks.add(t.asString()));
        UUID id = workers.register(new WorkerRegistry.Registration(
                text(json.path("name"), "worker"), text(json.path("version"), null), kind,
                text(device.path("name"), null), memTotal, device.path("memFree").asLong(memTotal),
                Math.max(1, json.path("maxConcurrency").asInt(1)), Math.max(1, json.path("maxBatch").asInt(1)),
                tasks));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("workerId", id.toString());
        reply.put("heartbeatIntervalS", seconds(properties.heartbeatInterval()));
        reply.put("leaseTtlS", seconds(properties.leaseTtl()));
        reply.put("longPollS", seconds(properties.longPoll()));
        return ResponseEntity.status(HttpStatus.CREATED).body(reply);
    }

    @PostMapping("/internal/inference/workers/{id}/heartbeat")
    Map<String, Object> heartbeat(HttpServletRequest request, @PathVariable String id,
                                  @RequestBody(required = false) byte[] body) {
        requireWorker(request);
        UUID workerId = workerId(id);
        JsonNode json = read(body);
        List<ReportedModel> models = new ArrayList<>();
        for (JsonNode m : json.path("models")) {
            Instant lastUsed = null;
            if (m.hasNonNull("lastUsed")) {
                try {
                    lastUsed = Instant.parse(m.path("lastUsed").asString());
                } catch (RuntimeException e) {
                    lastUsed = null;
                }
            }
            models.add(new ReportedModel(m.path("modelId").asString(""), m.path("sha").asString(""),
                    m.path("state").asString("ready"), m.path("bytes").asLong(0), lastUsed));
        }
        List<UUID> inFlight = new ArrayList<>();
        for (JsonNode j : json.path("inFlight")) {
            try {
                inFlight.add(UUID.fromString(j.asString()));
            } catch (IllegalArgumentException e) {
                // an id that is no job of ours: nothing to extend
            }
        }
        Long memFree = json.hasNonNull("memFree") ? json.path("memFree").asLong() : null;
        HeartbeatReply reply = workers.heartbeat(workerId, models, memFree, inFlight)
                .orElseThrow(() -> unknownWorker(workerId));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("extended", reply.extended().stream().map(UUID::toString).toList());
        out.put("cancel", reply.cancel().stream().map(UUID::toString).toList());
        out.put("unload", reply.unload());
        out.put("preload", List.of());
        out.put("drain", reply.drain());
        return out;
    }

    @PostMapping("/internal/inference/workers/{id}/lease")
    DeferredResult<ResponseEntity<?>> lease(HttpServletRequest request, @PathVariable String id,
                                            @RequestParam(required = false) Double wait,
                                            @RequestBody(required = false) byte[] body) {
        requireWorker(request);
        UUID workerId = workerId(id);
        JsonNode json = read(body);
        List<String> warm = new ArrayList<>();
        json.path("warm").forEach(m -> warm.add(m.asString()));
        int limit = Math.min(64, Math.max(1, json.path("freeSlots").asInt(1)));
        boolean mayLoad = json.path("mayLoad").asBoolean(true);
        Long memFree = json.hasNonNull("memFree") ? json.path("memFree").asLong() : null;
        Duration waitFor = wait == null ? properties.longPoll()
                : Duration.ofMillis((long) (Math.max(0, Math.min(wait, seconds(properties.longPoll()))) * 1000));
        String base = urls.base(request);
        DeferredResult<ResponseEntity<?>> result = new DeferredResult<>(waitFor.toMillis() + 30_000L);
        Runnable cancel = scheduler.lease(new InferenceScheduler.LeaseAsk(workerId, warm, limit, mayLoad, memFree),
                waitFor, grant -> {
                    if (grant.unknownWorker()) {
                        result.setErrorResult(unknownWorker(workerId));
                    } else {
                        result.setResult(grantResponse(grant, base));
                    }
                });
        result.onError(e -> cancel.run());
        result.onTimeout(cancel);
        return result;
    }

    private ResponseEntity<?> grantResponse(LeaseGrant grant, String base) {
        if (grant.isEmpty()) {
            return ResponseEntity.noContent().build();
        }
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (LeasedJob job : grant.jobs()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("jobId", job.jobId().toString());
            j.put("leaseToken", job.leaseToken().toString());
            j.put("modelId", job.modelId());
            j.put("sha", job.sha());
            j.put("task", job.task());
            j.put("payload", InferenceJson.parseOrNull(job.payload()));
            j.put("contentType", job.contentType());
            j.put("params", InferenceJson.parse(job.paramsJson()));
            j.put("deadline", job.deadline().toString());
            j.put("attempt", job.attempt());
            Map<String, Object> files = new LinkedHashMap<>();
            files.put("baseUrl", base + "/" + job.modelId() + "/resolve/" + job.sha() + "/");
            files.put("token", readTokens.issue(job.repositoryId(), job.sha(), properties.readTokenTtl()));
            j.put("files", files);
            jobs.add(j);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobs", jobs);
        out.put("unload", grant.unload());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(out);
    }

    @PutMapping("/internal/inference/jobs/{jobId}/result")
    ResponseEntity<Map<String, Object>> result(HttpServletRequest request, @PathVariable String jobId,
                                               @RequestHeader(name = "X-Lease-Token", required = false) String token,
                                               @RequestBody(required = false) byte[] body) {
        requireWorker(request);
        UUID job = uuid(jobId, "job id");
        if (token == null) {
            throw HubException.badRequest("Send the lease token in X-Lease-Token");
        }
        JobQueue.ResultPost post = new JobQueue.ResultPost(job, uuid(token, "lease token"), workerResult(read(body)));
        Completion completion = scheduler.complete(List.of(post)).get(0);
        if (completion.outcome() == InferenceJobs.PostOutcome.STALE) {
            throw new HubException(HubErrorCode.CONFLICT, "Lease lost: job " + job + " was requeued, cancelled or"
                    + " finished under another lease");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outcome", outcome(completion));
        return ResponseEntity.ok(out);
    }

    /**
     * Several results in one call (a worker that ran a batch): {@code {"results":[{jobId, leaseToken,
     * status, …}]}}, each shaped as the single post's body. Answers 200 with one outcome per result,
     * in order, {@code "lost"} where the single post would answer 409. A malformed entry refuses the
     * whole call with 400, storing nothing.
     */
    @PostMapping("/internal/inference/results")
    Map<String, Object> results(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        requireWorker(request);
        JsonNode items = read(body).path("results");
        if (!items.isArray() || items.isEmpty() || items.size() > 256) {
            throw HubException.badRequest("results must be an array of 1 to 256 results");
        }
        List<JobQueue.ResultPost> posts = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw HubException.badRequest("Each result must be a JSON object");
            }
            posts.add(new JobQueue.ResultPost(uuid(item.path("jobId").asString(""), "job id"),
                    uuid(item.path("leaseToken").asString(""), "lease token"), workerResult(item)));
        }
        List<Completion> completions = scheduler.complete(posts);
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (int i = 0; i < posts.size(); i++) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("jobId", posts.get(i).jobId().toString());
            o.put("outcome", outcome(completions.get(i)));
            outcomes.add(o);
        }
        return Map.of("outcomes", outcomes);
    }

    private static String outcome(Completion completion) {
        switch (completion.outcome()) {
            case STORED:
                return "stored";
            case REQUEUED:
                return "requeued";
            case DUPLICATE:
                return "duplicate";
            default:
                return "lost";
        }
    }

    @PostMapping("/internal/inference/workers/{id}/drain")
    Map<String, Object> drain(HttpServletRequest request, @PathVariable String id) {
        requireWorker(request);
        UUID workerId = workerId(id);
        if (!workers.drain(workerId)) {
            throw unknownWorker(workerId);
        }
        return Map.of("state", "draining");
    }

    @DeleteMapping("/internal/inference/workers/{id}")
    ResponseEntity<Void> deregister(HttpServletRequest request, @PathVariable String id) {
        requireWorker(request);
        UUID workerId = workerId(id);
        if (!workers.remove(workerId)) {
            throw unknownWorker(workerId);
        }
        return ResponseEntity.noContent().build();
    }

    // ------------------------------------------------------------------ helpers

    private static WorkerResult workerResult(JsonNode json) {
        int status = json.path("status").asInt(200);
        if (status < 200 || status > 599) {
            throw HubException.badRequest("status must be an HTTP status");
        }
        if (status >= 400) {
            String error = json.path("error").asString("unknown error");
            Map<String, Object> errorBody = new LinkedHashMap<>();
            errorBody.put("error", error);
            if (json.hasNonNull("errorType")) {
                errorBody.put("error_type", json.path("errorType").asString());
            }
            return new WorkerResult(status, MediaType.APPLICATION_JSON_VALUE, InferenceJson.bytes(errorBody),
                    headers(json), error, json.path("retryable").asBoolean(false));
        }
        String contentType = json.path("contentType").asString(MediaType.APPLICATION_JSON_VALUE);
        byte[] bytes;
        if (json.hasNonNull("bodyB64")) {
            try {
                bytes = Base64.getDecoder().decode(json.path("bodyB64").asString());
            } catch (IllegalArgumentException e) {
                throw HubException.badRequest("bodyB64 is not base64");
            }
        } else if (contentType.contains("json")) {
            bytes = InferenceJson.bytes(json.path("body"));
        } else {
            bytes = json.path("body").asString("").getBytes(StandardCharsets.UTF_8);
        }
        return new WorkerResult(status, contentType, bytes, headers(json), null, false);
    }

    /** The worker's response headers: only {@code x-*} names travel to the client. */
    private static String headers(JsonNode json) {
        var out = InferenceJson.object();
        json.path("headers").properties().forEach(e -> {
            String name = e.getKey().toLowerCase(java.util.Locale.ROOT);
            if (name.startsWith("x-") && name.matches("[a-z0-9-]{3,64}") && e.getValue().isValueNode()) {
                out.put(name, e.getValue().asString());
            }
        });
        return InferenceJson.text(out);
    }

    private static void requireWorker(HttpServletRequest request) {
        if (!Boolean.TRUE.equals(request.getAttribute(WorkerAuthFilter.AUTHENTICATED))) {
            throw new HubException(HubErrorCode.UNAUTHORIZED, "Worker calls need the worker pool secret");
        }
    }

    private static JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            return InferenceJson.object();
        }
        JsonNode json = InferenceJson.parseOrNull(body);
        if (json == null || !json.isObject()) {
            throw HubException.badRequest("The body must be a JSON object");
        }
        return json;
    }

    private static String text(JsonNode node, String fallback) {
        return node.isMissingNode() || node.isNull() ? fallback : node.asString();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static UUID workerId(String id) {
        return uuid(id, "worker id");
    }

    private static UUID uuid(String value, String what) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw HubException.badRequest("Invalid " + what + " '" + value + "'");
        }
    }

    private static HubException unknownWorker(UUID id) {
        return HubException.notFound("Unknown worker " + id + "; register again");
    }
}
