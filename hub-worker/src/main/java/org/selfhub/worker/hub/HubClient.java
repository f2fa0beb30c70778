package org.selfhub.worker.hub;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The worker's side of the worker ↔ hub protocol (inference-design.md §3.2). Bodies are the JSON objects
 * of §3.2; the HTTP implementation is {@link HttpHubClient}, tests may use a fake hub.
 */
public interface HubClient {

    /**
     * The register reply (docs/inference-protocol.md §1). Durations are seconds, possibly fractional;
     * {@code workerToken} is null: the hub has no per-worker token (kept for hubs that would send one).
     */
    record Registered(String workerId, String workerToken, double heartbeatIntervalS, double leaseTtlS,
                      double longPollS) {
    }

    /** {@code POST /internal/inference/workers}. */
    Registered register(ObjectNode registration) throws IOException;

    /** {@code POST …/workers/{id}/heartbeat} → {@code {extended, cancel, unload, preload, drain}}. */
    JsonNode heartbeat(String workerId, ObjectNode heartbeat) throws IOException;

    /** {@code POST …/workers/{id}/lease?wait=N} → the leased jobs; empty after a 204. */
    List<JsonNode> lease(String workerId, ObjectNode request, int waitSeconds) throws IOException, InterruptedException;

    /**
     * {@code PUT …/jobs/{jobId}/result} with {@code X-Lease-Token}.
     *
     * @return true when stored (or a duplicate of what was stored), false on 409: the lease was lost
     */
    boolean postResult(String jobId, String leaseToken, ObjectNode result) throws IOException;

    /**
     * {@code POST …/results}: the results of a batch in one call, each the single post's body with its
     * {@code jobId} and {@code leaseToken}.
     *
     * @return per result, in order: true when stored (or a duplicate of what was stored), false when its
     *     lease was lost
     */
    List<Boolean> postResults(List<ObjectNode> results) throws IOException;

    /** {@code POST …/jobs/{jobId}/progress} (optional; failures are ignored). */
    void progress(String jobId, String leaseToken, ObjectNode progress);

    /** {@code POST …/workers/{id}/drain}. */
    void drain(String workerId) throws IOException;

    /** {@code DELETE …/workers/{id}}. */
    void deregister(String workerId) throws IOException;

    /** The repository's file paths at a commit ({@code GET /api/models/{id}/revision/{sha}} siblings). */
    List<String> listFiles(String modelId, String sha, String token) throws IOException;

    /**
     * {@code GET /{id}/resolve/{sha}/{path}} with the job's short-lived read token ({@code files.token} of
     * the lease, an {@code hfw_} token), into {@code target}. The URL is built on the worker's own hub URL,
     * which is the same route as the lease's {@code files.baseUrl} but reachable from the worker even when
     * the hub's public URL is not (embedded worker, containers).
     */
    void download(String modelId, String sha, String path, String token, Path target) throws IOException;
}
