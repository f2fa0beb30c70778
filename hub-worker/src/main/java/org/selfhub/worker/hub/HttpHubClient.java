package org.selfhub.worker.hub;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link HubClient} over {@code java.net.http}. Internal calls carry the worker-pool secret as
 * {@code Authorization: Bearer <secret>} (plus {@code X-Worker-Token} only if a hub's register reply
 * had one; this hub's has none, docs/inference-protocol.md). File downloads
 * carry the job's read token and follow redirects by hand, dropping {@code Authorization} when the
 * redirect leaves the hub (a presigned S3 URL rejects a second credential).
 */
public final class HttpHubClient implements HubClient {

    private static final String PREFIX = "/internal/inference";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI hub;
    private final String secret;
    private final HttpClient http;
    private volatile String workerToken;

    public HttpHubClient(URI hub, String secret) {
        this.hub = URI.create(hub.toString().replaceAll("/+$", ""));
        this.secret = Objects.requireNonNull(secret, "secret");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Registered register(ObjectNode registration) throws IOException {
        JsonNode r = JSON.readTree(send(internal("POST", "/workers", registration, 30), 200, 201).body());
        Registered reg = new Registered(r.path("workerId").asString(""),
                r.path("workerToken").isString() ? r.path("workerToken").asString() : null,
                r.path("heartbeatIntervalS").asDouble(10), r.path("leaseTtlS").asDouble(30), r.path("longPollS").asDouble(25));
        if (reg.workerId().isEmpty()) {
            throw new IOException("register reply has no workerId");
        }
        workerToken = reg.workerToken();
        return reg;
    }

    @Override
    public JsonNode heartbeat(String workerId, ObjectNode heartbeat) throws IOException {
        String body = send(internal("POST", "/workers/" + enc(workerId) + "/heartbeat", heartbeat, 30), 200).body();
        return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    }

    @Override
    public List<JsonNode> lease(String workerId, ObjectNode request, int waitSeconds) throws IOException, InterruptedException {
        HttpRequest req = internal("POST", "/workers/" + enc(workerId) + "/lease?wait=" + waitSeconds, request, waitSeconds + 15);
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() == 204) {
            return List.of();
        }
        check(res, 200);
        List<JsonNode> jobs = new ArrayList<>();
        JSON.readTree(res.body()).path("jobs").forEach(jobs::add);
        return jobs;
    }

    @Override
    public boolean postResult(String jobId, String leaseToken, ObjectNode result) throws IOException {
        HttpRequest req = builder(PREFIX + "/jobs/" + enc(jobId) + "/result", 60)
                .header("X-Lease-Token", leaseToken)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(result))).build();
        HttpResponse<String> res = sendRaw(req);
        if (res.statusCode() == 409) {
            return false;
        }
        check(res, 200, 201, 204);
        return true;
    }

    @Override
    public List<Boolean> postResults(List<ObjectNode> results) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("results").addAll(results);
        HttpRequest req = builder(PREFIX + "/results", 60).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> res = sendRaw(req);
        check(res, 200);
        List<Boolean> stored = new ArrayList<>();
        JSON.readTree(res.body()).path("outcomes").forEach(o -> stored.add(!o.path("outcome").asString().equals("lost")));
        if (stored.size() != results.size()) {
            throw new IOException("the hub answered " + stored.size() + " outcomes for " + results.size() + " results");
        }
        return stored;
    }

    @Override
    public void progress(String jobId, String leaseToken, ObjectNode progress) {
        try {
            HttpRequest req = builder(PREFIX + "/jobs/" + enc(jobId) + "/progress", 10)
                    .header("X-Lease-Token", leaseToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(progress))).build();
            sendRaw(req);
        } catch (IOException | RuntimeException ignored) {
            // progress only feeds estimated_time; losing one is harmless
        }
    }

    @Override
    public void drain(String workerId) throws IOException {
        send(internal("POST", "/workers/" + enc(workerId) + "/drain", JSON.createObjectNode(), 30), 200, 202, 204);
    }

    @Override
    public void deregister(String workerId) throws IOException {
        send(builder(PREFIX + "/workers/" + enc(workerId), 30).DELETE().build(), 200, 202, 204, 404);
    }

    @Override
    public List<String> listFiles(String modelId, String sha, String token) throws IOException {
        HttpRequest req = withToken(HttpRequest.newBuilder(hub.resolve("/api/models/" + modelId + "/revision/" + enc(sha)))
                .timeout(Duration.ofSeconds(30)).GET(), token).build();
        JsonNode info = JSON.readTree(send(req, 200).body());
        List<String> files = new ArrayList<>();
        info.path("siblings").forEach(s -> files.add(s.path("rfilename").asString()));
        return files;
    }

    @Override
    public void download(String modelId, String sha, String path, String token, Path target) throws IOException {
        StringBuilder p = new StringBuilder("/" + modelId + "/resolve/" + enc(sha));
        for (String seg : path.split("/")) {
            p.append('/').append(enc(seg));
        }
        URI uri = hub.resolve(p.toString());
        Path tmp = target.resolveSibling(target.getFileName() + ".download");
        for (int hops = 0; hops < 5; hops++) {
            boolean sameHost = Objects.equals(uri.getHost(), hub.getHost()) && uri.getPort() == hub.getPort();
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).GET();
            HttpRequest req = (sameHost ? withToken(b, token) : b).build();
            HttpResponse<Path> res;
            try {
                res = http.send(req, HttpResponse.BodyHandlers.ofFile(tmp));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + path);
            }
            int code = res.statusCode();
            if (code / 100 == 3 && res.headers().firstValue("Location").isPresent()) {
                uri = uri.resolve(res.headers().firstValue("Location").get());
                continue;
            }
            if (code != 200) {
                Files.deleteIfExists(tmp);
                throw new IOException("GET " + path + " of " + modelId + "@" + sha + " answered " + code);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        throw new IOException("too many redirects for " + path);
    }

    private HttpRequest internal(String method, String path, ObjectNode body, int timeoutS) {
        return builder(PREFIX + path, timeoutS).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    private HttpRequest.Builder builder(String path, int timeoutS) {
        HttpRequest.Builder b = HttpRequest.newBuilder(hub.resolve(path)).timeout(Duration.ofSeconds(timeoutS))
                .header("Authorization", "Bearer " + secret);
        String wt = workerToken;
        if (wt != null) {
            b.header("X-Worker-Token", wt);
        }
        return b;
    }

    private static HttpRequest.Builder withToken(HttpRequest.Builder b, String token) {
        return token == null || token.isEmpty() ? b : b.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest req, int... ok) throws IOException {
        HttpResponse<String> res = sendRaw(req);
        check(res, ok);
        return res;
    }

    private HttpResponse<String> sendRaw(HttpRequest req) throws IOException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + req.method() + " " + req.uri().getPath());
        }
    }

    private static void check(HttpResponse<String> res, int... ok) throws IOException {
        for (int c : ok) {
            if (res.statusCode() == c) {
                return;
            }
        }
        String body = res.body() == null ? "" : res.body();
        throw new HubResponseException(res.statusCode(), res.request().method() + " " + res.request().uri().getPath()
                + " answered " + res.statusCode() + ": " + body.substring(0, Math.min(200, body.length())));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A non-success status from the hub. */
    public static final class HubResponseException extends IOException {
        private final int status;

        HubResponseException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
