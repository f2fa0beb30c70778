package org.selfhub.hub.inference;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.inference.InferenceJobs.NewJob;
import org.selfhub.hub.inference.InferenceJobs.StoredResult;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.repo.RepoHead;
import org.selfhub.hub.repo.RepoService;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoRef;
import org.selfhub.hub.shared.RepoType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client side of inference (inference-design.md §1.2), under {@code hub.inference.prefix}:
 * {@code POST models/{id}}, {@code models/{id}/pipeline/{task}}, {@code models/{id}/v1/chat/completions},
 * {@code models/{id}/v1/completions}, {@code GET models/{id}/info} and {@code /health}, and the
 * legacy {@code POST pipeline/{task}/{id}} and {@code GET status/{id}}. Ids have one or two
 * segments, so the path is parsed here rather than by patterns. Requests are held asynchronously
 * until the job's result arrives or the wait budget runs out.
 */
@RestController
class InferenceController {

    /** Headers a browser may read (hub-api-contract.md §9, inference-design.md §1.4). */
    private static final String EXPOSED = "x-compute-type, x-compute-time, x-compute-characters, x-sha, x-request-id,"
            + " x-inference-id, x-queue-time, x-inference-time, x-total-time, x-prompt-tokens, x-generated-tokens,"
            + " Retry-After, X-Error-Message";
    private static final Set<String> SIMILARITY_TASKS = Set.of("feature-extraction", "sentence-similarity");
    private static final Set<String> GENERATION_TASKS = Set.of("text-generation", "text2text-generation",
            "image-text-to-text");

    private final RepoService repos;
    private final InferenceScheduler scheduler;
    private final WorkerRegistry workers;
    private final InferenceProperties properties;

    InferenceController(RepoService repos, InferenceScheduler scheduler, WorkerRegistry workers,
                        InferenceProperties properties) {
        this.repos = repos;
        this.scheduler = scheduler;
        this.workers = workers;
        this.properties = properties;
    }

    /** A model the caller may use, at the commit it is served from. */
    record Model(Repo repo, String modelId, String sha, String pipelineTag, String libraryName) {
    }

    /** What a POST asks for: which model, which task (null: from the model), and which API shape. */
    private record Route(List<String> id, String task, String api) {
    }

    // ------------------------------------------------------------------ POST

    @PostMapping("${hub.inference.prefix:/hf-inference}/**")
    DeferredResult<ResponseEntity<byte[]>> post(Caller caller, HttpServletRequest request) throws IOException {
        Route route = postRoute(segments(request));
        Model model = resolve(caller, route.id());
        byte[] raw = readBody(request);
        String contentType = request.getContentType() == null ? "" : request.getContentType();
        JsonNode json = isJson(contentType, raw) ? InferenceJson.parseOrNull(raw) : null;
        if (isJson(contentType, raw) && (json == null || !json.isObject())) {
            throw HubException.badRequest("The request body must be a JSON object");
        }
        String task = task(model, route, json);
        ObjectNode payload;
        if (json != null) {
            payload = (ObjectNode) json;
            validate(task, route.api(), payload);
        } else {
            // Raw image or audio bytes (the JS client drops parameters for these): the worker
            // gets the same JSON the Python client sends, {"inputs": base64, "parameters": {}}.
            payload = InferenceJson.object();
            payload.put("inputs", Base64.getEncoder().encodeToString(raw));
            payload.putObject("parameters");
            contentType = contentType.isEmpty() ? MediaType.APPLICATION_OCTET_STREAM_VALUE : contentType;
        }
        ObjectNode params = InferenceJson.object();
        params.put("api", route.api());
        params.put("stream", json != null && json.path("stream").asBoolean(false));
        params.put("accept", header(request, "Accept"));
        params.put("userAgent", header(request, "User-Agent"));
        params.put("pipelineTag", model.pipelineTag());
        params.put("libraryName", model.libraryName());

        UUID jobId = UUID.randomUUID();
        long budget = budget(request).toMillis();
        NewJob job = new NewJob(jobId, model.repo().id(), model.modelId(), model.sha(), task, userKey(caller),
                InferenceJson.bytes(payload), contentType.isEmpty() ? MediaType.APPLICATION_JSON_VALUE : contentType,
                InferenceJson.text(params), budget, waitsForModel(request, json));
        DeferredResult<ResponseEntity<byte[]>> result = new DeferredResult<>(budget + 30_000L);
        Object connection = ClientDisconnects.handle(request);
        // Probing the connection and answering must not overlap: both touch Tomcat's buffers.
        Object answerLock = new Object();
        java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
        result.onError(e -> scheduler.abandon(jobId));
        result.onTimeout(() -> scheduler.abandon(jobId));
        scheduler.submit(job, () -> {
            synchronized (answerLock) {
                return !answered.get() && ClientDisconnects.gone(connection);
            }
        }).whenComplete((stored, error) -> {
            synchronized (answerLock) {
                answered.set(true);
            }
            if (error != null) {
                result.setErrorResult(error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            } else {
                result.setResult(answer(stored, model, jobId));
            }
        });
        return result;
    }

    private static Route postRoute(List<String> s) {
        int n = s.size();
        if (n >= 2 && s.get(0).equals("models")) {
            List<String> rest = s.subList(1, n);
            if (endsWith(rest, "v1", "chat", "completions")) {
                return new Route(rest.subList(0, rest.size() - 3), "chat-completion", "openai-chat");
            }
            if (endsWith(rest, "v1", "completions")) {
                return new Route(rest.subList(0, rest.size() - 2), "text-generation", "openai-completions");
            }
            int p = rest.size() - 2;
            if (p >= 1 && p <= 2 && rest.get(p).equals("pipeline")) {
                return new Route(rest.subList(0, p), rest.get(p + 1), "hf");
            }
            return new Route(rest, null, "hf");
        }
        if (n >= 3 && s.get(0).equals("pipeline")) {
            return new Route(s.subList(2, n), s.get(1), "hf");
        }
        throw notFoundRoute();
    }

    /**
     * The task: the explicit one when it suits the model, else the model's {@code pipeline_tag};
     * for sentence-transformers models, similarity when {@code inputs} has a {@code source_sentence}.
     */
    private static String task(Model model, Route route, JsonNode json) {
        String tag = model.pipelineTag();
        if (route.api().equals("openai-chat") || route.api().equals("openai-completions")) {
            if (tag != null && !GENERATION_TASKS.contains(tag)) {
                throw wrongTask(model, route.api().equals("openai-chat") ? "chat-completion" : "text-generation");
            }
            return route.task();
        }
        if (route.task() != null) {
            String asked = route.task();
            boolean compatible = tag == null || asked.equals(tag)
                    || (SIMILARITY_TASKS.contains(asked) && SIMILARITY_TASKS.contains(tag));
            if (!compatible) {
                throw wrongTask(model, asked);
            }
            return asked;
        }
        if (tag == null) {
            throw new HubException(HubErrorCode.UNPROCESSABLE, "Model " + model.modelId()
                    + " has no pipeline_tag; call " + "/models/" + model.modelId() + "/pipeline/{task}");
        }
        if ("sentence-transformers".equals(model.libraryName()) || SIMILARITY_TASKS.contains(tag)) {
            JsonNode inputs = json == null ? null : json.get("inputs");
            if (inputs != null && inputs.isObject() && inputs.has("source_sentence")) {
                return "sentence-similarity";
            }
            if ("sentence-transformers".equals(model.libraryName()) && SIMILARITY_TASKS.contains(tag)) {
                return "feature-extraction";
            }
        }
        return tag;
    }

    private static void validate(String task, String api, ObjectNode payload) {
        List<String> problems = new ArrayList<>();
        if (api.equals("openai-chat")) {
            if (!payload.path("messages").isArray()) {
                problems.add("messages: field required");
            }
        } else if (api.equals("openai-completions")) {
            if (!payload.has("prompt")) {
                problems.add("prompt: field required");
            }
        } else if (!payload.hasNonNull("inputs")) {
            // Python 0.28-0.32 sent question answering as top-level question and context.
            boolean legacyQa = task.equals("question-answering") && payload.has("question") && payload.has("context");
            if (!legacyQa) {
                problems.add("inputs: field required");
            }
        }
        if (!problems.isEmpty()) {
            throw HubException.badRequest(String.join("; ", problems)).withBodyField("error", problems);
        }
    }

    private ResponseEntity<byte[]> answer(StoredResult stored, Model model, UUID jobId) {
        HttpHeaders headers = new HttpHeaders();
        JsonNode extra = InferenceJson.parse(stored.headersJson());
        extra.properties().forEach(e -> headers.set(e.getKey(), e.getValue().asString()));
        // Exactly application/json, no charset: the legacy InferenceApi compares the whole value.
        headers.set(HttpHeaders.CONTENT_TYPE, stored.contentType());
        headers.set("x-sha", model.sha());
        headers.set("x-inference-id", jobId.toString());
        headers.set("access-control-expose-headers", EXPOSED);
        if (stored.status() >= 400) {
            JsonNode body = InferenceJson.parseOrNull(stored.body());
            if (body != null && body.path("error").isString()) {
                headers.set("X-Error-Message", headerSafe(body.path("error").asString()));
            }
        }
        return ResponseEntity.status(stored.status()).headers(headers).body(stored.body());
    }

    // ------------------------------------------------------------------ GET

    @GetMapping("${hub.inference.prefix:/hf-inference}/**")
    ResponseEntity<Map<String, Object>> get(Caller caller, HttpServletRequest request) {
        List<String> s = segments(request);
        int n = s.size();
        if (n >= 3 && s.get(0).equals("models") && (s.get(n - 1).equals("info") || s.get(n - 1).equals("health"))) {
            Model model = resolve(caller, s.subList(1, n - 1));
            return s.get(n - 1).equals("info") ? info(model) : health(model);
        }
        if (n >= 2 && s.get(0).equals("status")) {
            return status(resolve(caller, s.subList(1, n)));
        }
        throw notFoundRoute();
    }

    /** TGI's {@code /info}, as far as it applies (huggingface_hub's {@code get_endpoint_info}). */
    private ResponseEntity<Map<String, Object>> info(Model model) {
        WorkerRegistry.ModelPlacement placement = workers.placement(model.modelId());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model_id", model.modelId());
        info.put("model_sha", model.sha());
        info.put("model_pipeline_tag", model.pipelineTag());
        info.put("model_device_type", placement.computeType());
        info.put("max_concurrent_requests", properties.maxJobsPerUser());
        info.put("router", "selfhub-inference");
        return json(HttpStatus.OK, info, model);
    }

    /** 200 when a worker could serve the model now or after a load; 503 otherwise. */
    private ResponseEntity<Map<String, Object>> health(Model model) {
        if (!workers.anyActive()) {
            throw new HubException(HubErrorCode.SERVICE_UNAVAILABLE, "No inference worker available")
                    .withHeader("Retry-After", "30");
        }
        return json(HttpStatus.OK, Map.of(), model);
    }

    /** The legacy {@code /status/{id}}: {@code {"loaded","state","compute_type","framework"}}. */
    private ResponseEntity<Map<String, Object>> status(Model model) {
        WorkerRegistry.ModelPlacement placement = workers.placement(model.modelId());
        boolean tooBig = placement.memBytes() > 0 && placement.largestWorker() > 0
                && placement.memBytes() > placement.largestWorker();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("loaded", placement.ready());
        status.put("state", placement.ready() ? "Loaded" : tooBig ? "TooBig" : "Loadable");
        status.put("compute_type", placement.computeType() == null ? "cpu" : placement.computeType());
        status.put("framework", model.libraryName());
        return json(HttpStatus.OK, status, model);
    }

    private static ResponseEntity<Map<String, Object>> json(HttpStatus status, Map<String, Object> body, Model model) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).header("x-sha", model.sha())
                .header("access-control-expose-headers", EXPOSED).body(body);
    }

    // ------------------------------------------------------------------ helpers

    /** Resolves the model through the repositories' access policy: hidden answers as missing. */
    private Model resolve(Caller caller, List<String> id) {
        String namespace;
        String name;
        if (id.size() == 2) {
            namespace = id.get(0);
            name = id.get(1);
        } else if (id.size() == 1 && !properties.canonicalNamespace().isEmpty()) {
            namespace = properties.canonicalNamespace();
            name = id.get(0);
        } else if (id.size() == 1) {
            throw modelNotFound(caller, id.get(0));
        } else {
            throw notFoundRoute();
        }
        Repo repo;
        try {
            repo = repos.requireReadable(caller, new RepoRef(RepoType.MODEL, namespace, name));
        } catch (HubException e) {
            if (e.code() == HubErrorCode.REPO_NOT_FOUND) {
                throw new HubException(HubErrorCode.REPO_NOT_FOUND, "Model " + String.join("/", id) + " does not exist",
                        e.status(), Map.of(), Map.of());
            }
            throw e;
        }
        RepoHead head = repos.head(repo.id());
        if (head.headSha() == null) {
            throw new HubException(HubErrorCode.REPO_NOT_FOUND, "Model " + repo.repoId() + " has no files to serve");
        }
        return new Model(repo, repo.repoId(), head.headSha().strip(), head.pipelineTag(), head.libraryName());
    }

    private static HubException modelNotFound(Caller caller, String id) {
        HubException e = new HubException(HubErrorCode.REPO_NOT_FOUND, "Model " + id + " does not exist");
        return caller.isAnonymous() ? e.withStatus(HttpStatus.UNAUTHORIZED) : e;
    }

    /** The path below the prefix, decoded, split into segments (an encoded slash splits too). */
    private List<String> segments(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String prefix = properties.prefix();
        if (!path.startsWith(prefix + "/")) {
            throw notFoundRoute();
        }
        List<String> segments = new ArrayList<>();
        for (String raw : path.substring(prefix.length() + 1).split("/")) {
            String decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            for (String part : decoded.split("/")) {
                if (!part.isEmpty()) {
                    segments.add(part);
                }
            }
        }
        return segments;
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        long limit = properties.maxPayloadBytes();
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        }
    }

    private static HubException tooLarge(long limit) {
        return new HubException(HubErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than " + limit + " bytes");
    }

    /** JSON unless the client said it sends something else (image and audio tasks send raw bytes). */
    private static boolean isJson(String contentType, byte[] raw) {
        String ct = contentType.toLowerCase(Locale.ROOT);
        if (ct.contains("json")) {
            return true;
        }
        if (ct.isEmpty() || ct.startsWith("text/plain")) {
            for (byte b : raw) {
                if (!Character.isWhitespace(b)) {
                    return b == '{';
                }
            }
        }
        return false;
    }

    /**
     * Whether the caller accepts being held while the model loads: the default. Opting out is
     * {@code X-Wait-For-Model: false}, {@code X-Load-Model: 0} or {@code "options":{"wait_for_model":false}}.
     */
    private static boolean waitsForModel(HttpServletRequest request, JsonNode json) {
        String wait = request.getHeader("X-Wait-For-Model");
        if (wait != null && (wait.equalsIgnoreCase("false") || wait.equals("0"))) {
            return false;
        }
        if ("0".equals(request.getHeader("X-Load-Model"))) {
            return false;
        }
        return json == null || json.path("options").path("wait_for_model").asBoolean(true);
    }

    /** The wait budget, or what {@code X-Scale-Up-Timeout} asks for, up to the server's maximum. */
    private Duration budget(HttpServletRequest request) {
        String asked = request.getHeader("X-Scale-Up-Timeout");
        if (asked != null) {
            try {
                double seconds = Double.parseDouble(asked.strip());
                if (seconds > 0) {
                    long millis = (long) (seconds * 1000);
                    return Duration.ofMillis(Math.min(millis, properties.maxWaitBudget().toMillis()));
                }
            } catch (NumberFormatException e) {
                // an unreadable header is ignored, like any unknown one
            }
        }
        return properties.waitBudget();
    }

    private static String userKey(Caller caller) {
        return caller.isAnonymous() ? "anon" : "u:" + caller.accountId();
    }

    private static boolean endsWith(List<String> list, String... tail) {
        if (list.size() < tail.length + 1 || list.size() > tail.length + 2) {
            return false;
        }
        for (int i = 0; i < tail.length; i++) {
            if (!list.get(list.size() - tail.length + i).equals(tail[i])) {
                return false;
            }
        }
        return true;
    }

    private static String header(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        return value == null ? "" : value;
    }

    private static HubException wrongTask(Model model, String task) {
        return new HubException(HubErrorCode.UNPROCESSABLE, "Model " + model.modelId() + " is a "
                + model.pipelineTag() + " model and does not serve " + task);
    }

    private static HubException notFoundRoute() {
        return HubException.notFound("Unknown inference route");
    }

    private static String headerSafe(String message) {
        StringBuilder sb = new StringBuilder(Math.min(message.length(), 300));
        for (char c : message.toCharArray()) {
            if (sb.length() >= 300) {
                break;
            }
            sb.append(c >= 0x20 && c < 0x7f ? c : ' ');
        }
        return sb.toString();
    }
}
