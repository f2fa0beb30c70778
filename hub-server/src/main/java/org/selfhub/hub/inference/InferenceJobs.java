package org.selfhub.hub.inference;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Value records of the job queue, shared by the queue, the scheduler and the controllers. */
final class InferenceJobs {

    private InferenceJobs() {
    }

    /**
     * A job to enqueue. {@code payload} is the JSON the worker gets; {@code paramsJson} the hub's hints;
     * {@code waitsForModel}: the caller will wait for a cold model to load (else 503 at once).
     */
    record NewJob(UUID id, UUID repositoryId, String modelId, String sha, String task, String userKey, byte[] payload,
                  String contentType, String paramsJson, long budgetMillis, boolean waitsForModel) {
    }

    /** A job handed to a worker under a lease. */
    record LeasedJob(UUID jobId, UUID leaseToken, UUID repositoryId, String modelId, String sha, String task, byte[] payload,
                     String contentType, String paramsJson, Instant deadline, int attempt) {
    }

    /**
     * What a lease call gets: jobs, and the models the worker must evict first to make room for
     * them; or that the worker is not registered (or was declared dead) and must register again.
     */
    record LeaseGrant(List<LeasedJob> jobs, List<String> unload, boolean unknownWorker) {

        static final LeaseGrant EMPTY = new LeaseGrant(List.of(), List.of());
        static final LeaseGrant UNKNOWN_WORKER = new LeaseGrant(List.of(), List.of(), true);

        LeaseGrant(List<LeasedJob> jobs, List<String> unload) {
            this(jobs, unload, false);
        }

        /** Nothing to answer yet: no jobs, and a worker the hub knows. */
        boolean isEmpty() {
            return jobs.isEmpty() && !unknownWorker;
        }
    }

    /** A finished job's answer, as stored in {@code inference_result}. */
    record StoredResult(int status, String contentType, byte[] body, String headersJson) {
    }

    /** A worker's report of its result. {@code retryable} matters for errors only. */
    record WorkerResult(int status, String contentType, byte[] body, String headersJson, String error,
                        boolean retryable) {
    }

    /** How a result post went: stored now, a repeat of what was stored, or a lost lease. */
    enum PostOutcome { STORED, REQUEUED, DUPLICATE, STALE }

    /** A result post's outcome, with what was stored when it was stored now (for a client waiting here). */
    record Completion(PostOutcome outcome, StoredResult stored) {

        static Completion of(PostOutcome outcome) {
            return new Completion(outcome, null);
        }
    }

    /** A model a worker reports in its heartbeat. */
    record ReportedModel(String modelId, String sha, String state, long bytes, Instant lastUsed) {
    }

    /** What a heartbeat answers. */
    record HeartbeatReply(List<UUID> extended, List<UUID> cancel, List<String> unload, boolean drain) {
    }
}
