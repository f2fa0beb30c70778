package org.selfhub.hub.inference;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.selfhub.hub.inference.InferenceJobs.Completion;
import org.selfhub.hub.inference.InferenceJobs.LeaseGrant;
import org.selfhub.hub.inference.InferenceJobs.LeasedJob;
import org.selfhub.hub.inference.InferenceJobs.NewJob;
import org.selfhub.hub.inference.InferenceJobs.PostOutcome;
import org.selfhub.hub.inference.InferenceJobs.StoredResult;
import org.selfhub.hub.inference.InferenceJobs.WorkerResult;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The job queue in PostgreSQL (inference-design.md §3.3): enqueue with admission and start-time
 * fair queuing, claims with {@code FOR UPDATE SKIP LOCKED} (warm pass, then a cold pass with delay
 * scheduling and a memory-fit check), results fenced by the lease token, cancellation and the
 * reaper's sweeps. Every time comparison uses the database's {@code now()}.
 */
@Repository
class JobQueue {

    static final String CHANNEL_NEW = "inference_job_new";
    static final String CHANNEL_DONE = "inference_job_done";
    /** The reaper runs on one hub instance at a time. */
    private static final long REAPER_LOCK = 7_420_001L;

    private static final String LEASED_COLUMNS = "j.id, j.lease_token, j.repository_id, j.model_id, j.sha, j.task, j.payload,"
            + " j.content_type, CAST(j.params AS text) AS params, j.deadline_at, j.attempts";

    private final JdbcClient jdbc;
    private final InferenceProperties properties;
    /**
     * Prefixes this instance's new-job NOTIFYs ({@code "<origin> <modelId>"}): the enqueuing instance
     * wakes its own lease calls at once and ignores the echo; payloads without it come from sweeps.
     */
    private final String origin = UUID.randomUUID().toString();

    JobQueue(JdbcClient jdbc, InferenceProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    // ------------------------------------------------------------------ enqueue

    /**
     * Admits and enqueues a job, then signals the workers (the NOTIFY is delivered at commit). The
     * per-user row of {@code inference_fair_share} is locked first, so a user's cap is exact.
     * Throws 429 when the user or the model is at its cap.
     */
    @Transactional
    void enqueue(NewJob job) {
        // Checked before the user's row is locked: this cap is shared by every user, so the lock
        // would not make it exact, and it would lengthen the time one user's enqueues queue behind
        // each other (bench/inference.sh measured that lock as the hub's only busy wait).
        // With it, in the same round trip, the system's virtual time: the earliest start tag still
        // queued; when nothing waits, the furthest any user got, so that everyone who comes back
        // after a lull starts level.
        record Admission(int modelQueued, double base) {
        }
        Admission admission = jdbc.sql("""
                        SELECT (SELECT count(*) FROM inference_job WHERE model_id = :m AND state = 'queued'),
                               coalesce((SELECT min(vtime) FROM inference_job WHERE state = 'queued'),
                                        (SELECT max(last_vtime) FROM inference_fair_share), 0)""")
                .param("m", job.modelId()).query((rs, n) -> new Admission(rs.getInt(1), rs.getDouble(2))).single();
        if (admission.modelQueued() >= properties.maxQueuedPerModel()) {
            throw rateLimited("Model is overloaded", true);
        }
        double base = admission.base();
        double vtime = jdbc.sql("""
                        INSERT INTO inference_fair_share AS f (user_key, last_vtime) VALUES (:u, :base + 1)
                        ON CONFLICT (user_key) DO UPDATE SET last_vtime = greatest(f.last_vtime, :base) + 1
                        RETURNING last_vtime""")
                .param("u", job.userKey()).param("base", base).query(Double.class).single();
        int userJobs = jdbc.sql("SELECT count(*) FROM inference_job WHERE user_key = :u AND state IN ('queued', 'leased')")
                .param("u", job.userKey()).query(Integer.class).single();
        if (userJobs >= properties.maxJobsPerUser()) {
            throw rateLimited("Rate limit reached: you have " + userJobs + " inference requests in progress; wait for"
                    + " one to finish", false);
        }
        // The insert and its NOTIFY (delivered at commit) in one round trip, while the user's row is locked.
        jdbc.sql("""
                        WITH j AS (
                            INSERT INTO inference_job (id, repository_id, model_id, sha, task, user_key, vtime, state, payload,
                                                       content_type, params, deadline_at, max_attempts)
                            VALUES (:id, :repo, :model, :sha, :task, :u, :vtime, 'queued', :payload, :ct, CAST(:params AS jsonb),
                                    now() + make_interval(secs => :budget), :max)
                            RETURNING model_id)
                        SELECT pg_notify(:c, :origin || ' ' || j.model_id) FROM j""")
                .param("id", job.id()).param("repo", job.repositoryId()).param("model", job.modelId()).param("sha", job.sha()).param("task", job.task())
                .param("u", job.userKey()).param("vtime", vtime).param("payload", job.payload())
                .param("ct", job.contentType()).param("params", job.paramsJson())
                .param("budget", job.budgetMillis() / 1000.0).param("max", properties.maxAttempts())
                .param("c", CHANNEL_NEW).param("origin", origin)
                .query((rs, n) -> 1).list();
    }

    private static HubException rateLimited(String message, boolean overloaded) {
        HubException e = new HubException(HubErrorCode.RATE_LIMITED, message).withHeader("Retry-After", "1");
        return overloaded ? e.withBodyField("error_type", "overloaded") : e;
    }

    // ------------------------------------------------------------------ claims

    /**
     * One lease attempt for a worker: jobs of models it has warm first; otherwise, when it may load
     * a model, the jobs of one cold model that fits its memory (evicting its least recently used
     * idle models when needed) and is not warm on another worker, or has waited there past the
     * delay-scheduling threshold.
     */
    @Transactional
    LeaseGrant claim(UUID workerId, List<String> warm, int limit, boolean mayLoad, Long memFree) {
        Optional<String> state = jdbc.sql("SELECT state FROM inference_worker WHERE id = :w FOR SHARE")
                .param("w", workerId).query(String.class).optional();
        if (state.isEmpty() || !state.get().equals("active")) {
            return LeaseGrant.EMPTY;
        }
        if (!warm.isEmpty()) {
            List<LeasedJob> jobs = jdbc.sql("""
                            WITH c AS (SELECT id FROM inference_job
                                       WHERE state = 'queued' AND model_id IN (:warm) AND deadline_at > now()
                                       ORDER BY priority DESC, vtime LIMIT :k FOR UPDATE SKIP LOCKED)
                            UPDATE inference_job j SET state = 'leased', worker_id = :w, attempts = j.attempts + 1,
                                   lease_token = gen_random_uuid(), leased_at = now(),
                                   lease_expires_at = now() + make_interval(secs => :ttl)
                            FROM c WHERE j.id = c.id
                            RETURNING""" + " " + LEASED_COLUMNS)
                    .param("warm", warm).param("k", limit).param("w", workerId).param("ttl", ttlSeconds())
                    .query(JobQueue::leasedJob).list();
            if (!jobs.isEmpty()) {
                touchModels(workerId, jobs);
                return new LeaseGrant(sorted(jobs), List.of());
            }
        }
        return mayLoad ? claimCold(workerId, limit, memFree) : LeaseGrant.EMPTY;
    }

    private LeaseGrant claimCold(UUID workerId, int limit, Long reportedMemFree) {
        record Candidate(String modelId, boolean warmElsewhere, boolean delayedEnough, long estimate) {
        }
        List<Candidate> candidates = jdbc.sql("""
                        SELECT j.model_id,
                               EXISTS (SELECT 1 FROM inference_worker_model m JOIN inference_worker w ON w.id = m.worker_id
                                       WHERE m.model_id = j.model_id AND m.worker_id <> :w
                                         AND m.state IN ('loading', 'ready') AND w.state = 'active') AS warm_elsewhere,
                               min(j.created_at) < now() - make_interval(secs => :delay) AS delayed_enough,
                               coalesce((SELECT s.mem_bytes FROM inference_model_stats s WHERE s.model_id = j.model_id), 0)
                                   AS estimate
                        FROM inference_job j
                        WHERE j.state = 'queued' AND j.deadline_at > now()
                        GROUP BY j.model_id
                        ORDER BY max(j.priority) DESC, min(j.vtime)
                        LIMIT 32""")
                .param("w", workerId).param("delay", properties.delayScheduling().toMillis() / 1000.0)
                .query((rs, n) -> new Candidate(rs.getString("model_id"), rs.getBoolean("warm_elsewhere"),
                        rs.getBoolean("delayed_enough"), rs.getLong("estimate")))
                .list();
        if (candidates.isEmpty()) {
            return LeaseGrant.EMPTY;
        }
        record Memory(long total, long free) {
        }
        Memory memory = jdbc.sql("SELECT mem_total, mem_free FROM inference_worker WHERE id = :w")
                .param("w", workerId).query((rs, n) -> new Memory(rs.getLong(1), rs.getLong(2))).single();
        long free = reportedMemFree != null ? reportedMemFree : memory.free();
        // Models this worker holds with none of its jobs running: what eviction could free, oldest first.
        record Idle(String modelId, long bytes) {
        }
        List<Idle> idle = jdbc.sql("""
                        SELECT m.model_id, m.mem_bytes FROM inference_worker_model m
                        WHERE m.worker_id = :w AND m.state IN ('ready', 'failed')
                          AND NOT EXISTS (SELECT 1 FROM inference_job j
                                          WHERE j.worker_id = :w AND j.state = 'leased' AND j.model_id = m.model_id)
                        ORDER BY m.last_used_at""")
                .param("w", workerId).query((rs, n) -> new Idle(rs.getString(1), rs.getLong(2))).list();
        long evictable = idle.stream().mapToLong(Idle::bytes).sum();
        for (Candidate c : candidates) {
            if (c.warmElsewhere() && !c.delayedEnough()) {
                continue;
            }
            if (c.estimate() > memory.total() || c.estimate() > free + evictable) {
                continue;
            }
            // One claimer per cold model at a time: the others see it 'loading' afterwards and wait.
            boolean locked = jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtext('inference-load:' || :m))")
                    .param("m", c.modelId()).query(Boolean.class).single();
            if (!locked) {
                continue;
            }
            List<LeasedJob> jobs = jdbc.sql("""
                            WITH c AS (SELECT id FROM inference_job
                                       WHERE state = 'queued' AND model_id = :m AND deadline_at > now()
                                       ORDER BY priority DESC, vtime LIMIT :k FOR UPDATE SKIP LOCKED)
                            UPDATE inference_job j SET state = 'leased', worker_id = :w, attempts = j.attempts + 1,
                                   lease_token = gen_random_uuid(), leased_at = now(),
                                   lease_expires_at = now() + make_interval(secs => :ttl)
                            FROM c WHERE j.id = c.id
                            RETURNING""" + " " + LEASED_COLUMNS)
                    .param("m", c.modelId()).param("k", limit).param("w", workerId).param("ttl", ttlSeconds())
                    .query(JobQueue::leasedJob).list();
            if (jobs.isEmpty()) {
                continue;
            }
            List<String> unload = new ArrayList<>();
            long available = free;
            for (Idle i : idle) {
                if (available >= c.estimate()) {
                    break;
                }
                unload.add(i.modelId());
                available += i.bytes();
            }
            if (!unload.isEmpty()) {
                jdbc.sql("UPDATE inference_worker_model SET state = 'unloading', updated_at = now()"
                                + " WHERE worker_id = :w AND model_id IN (:models)")
                        .param("w", workerId).param("models", unload).update();
            }
            jdbc.sql("""
                            INSERT INTO inference_worker_model (worker_id, model_id, sha, state, mem_bytes)
                            VALUES (:w, :m, :sha, 'loading', :bytes)
                            ON CONFLICT (worker_id, model_id) DO UPDATE SET sha = excluded.sha, state = 'loading',
                                   mem_bytes = excluded.mem_bytes, updated_at = now(), last_used_at = now()""")
                    .param("w", workerId).param("m", c.modelId()).param("sha", jobs.get(0).sha())
                    .param("bytes", c.estimate()).update();
            return new LeaseGrant(sorted(jobs), List.copyOf(unload));
        }
        return LeaseGrant.EMPTY;
    }

    private void touchModels(UUID workerId, List<LeasedJob> jobs) {
        jdbc.sql("UPDATE inference_worker_model SET last_used_at = now() WHERE worker_id = :w AND model_id IN (:m)")
                .param("w", workerId).param("m", jobs.stream().map(LeasedJob::modelId).distinct().toList()).update();
    }

    /** RETURNING gives no order; hand jobs out in queue order. */
    private static List<LeasedJob> sorted(List<LeasedJob> jobs) {
        return jobs.size() < 2 ? jobs : jobs.stream()
                .sorted(java.util.Comparator.comparing(LeasedJob::deadline)).toList();
    }

    // ------------------------------------------------------------------ results

    /**
     * Stores a worker's result when its lease is still current. A repeat of a stored post (same
     * job and lease token) is a duplicate; anything else is stale. A retryable error requeues the
     * job, or fails it once it has used all its attempts, and raises the model's memory estimate
     * when the worker ran out of memory.
     */
    @Transactional
    Completion complete(UUID jobId, UUID leaseToken, WorkerResult result) {
        if (result.status() >= 500 && result.retryable()) {
            Optional<String> state = jdbc.sql("""
                            UPDATE inference_job SET
                                   state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                                   finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
                                   worker_id = NULL, lease_token = NULL, lease_expires_at = NULL, last_error = :err
                            WHERE id = :id AND lease_token = :tok AND state = 'leased'
                            RETURNING state""")
                    .param("id", jobId).param("tok", leaseToken).param("err", truncate(result.error()))
                    .query(String.class).optional();
            if (state.isEmpty()) {
                return Completion.of(resultExists(jobId, leaseToken) ? PostOutcome.DUPLICATE : PostOutcome.STALE);
            }
            if (state.get().equals("failed")) {
                StoredResult failure = storeFailure(jobId, "Inference failed: " + result.error());
                return new Completion(PostOutcome.STORED, failure);
            }
            String model = jdbc.sql("SELECT model_id FROM inference_job WHERE id = :id").param("id", jobId)
                    .query(String.class).single();
            notify(CHANNEL_NEW, model);
            return Completion.of(PostOutcome.REQUEUED);
        }
        record Finished(String deviceKind, double seconds) {
        }
        // A result proves the model loaded on that worker: it is ready from now on, not from the
        // worker's next heartbeat, and the time since the load began is its load time.
        Optional<Finished> finished = jdbc.sql("""
                        WITH done AS (
                            UPDATE inference_job j SET state = 'done', finished_at = now()
                            WHERE j.id = :id AND j.lease_token = :tok AND j.state = 'leased'
                            RETURNING j.worker_id, j.model_id,
                                      (SELECT w.device_kind FROM inference_worker w WHERE w.id = j.worker_id) AS device,
                                      extract(epoch FROM now() - j.leased_at) AS seconds),
                        loaded AS (
                            UPDATE inference_worker_model m SET state = 'ready', updated_at = now()
                            FROM done, inference_worker_model before
                            WHERE m.worker_id = done.worker_id AND m.model_id = done.model_id AND m.state = 'loading'
                              AND before.worker_id = m.worker_id AND before.model_id = m.model_id
                            RETURNING m.model_id, CAST(1000 * extract(epoch FROM now() - before.updated_at) AS bigint) AS ms),
                        stats AS (
                            INSERT INTO inference_model_stats (model_id, load_millis) SELECT model_id, ms FROM loaded
                            ON CONFLICT (model_id) DO UPDATE SET load_millis = excluded.load_millis, updated_at = now())
                        SELECT device, seconds FROM done""")
                .param("id", jobId).param("tok", leaseToken)
                .query((rs, n) -> new Finished(rs.getString(1), rs.getDouble(2))).optional();
        if (finished.isEmpty()) {
            return Completion.of(resultExists(jobId, leaseToken) ? PostOutcome.DUPLICATE : PostOutcome.STALE);
        }
        // The hub knows the device and the time under lease; a worker's own values win.
        var headers = (tools.jackson.databind.node.ObjectNode) InferenceJson.parse(result.headersJson());
        if (!headers.has("x-compute-type") && finished.get().deviceKind() != null) {
            headers.put("x-compute-type", WorkerRegistry.computeType(finished.get().deviceKind()));
        }
        if (!headers.has("x-compute-time")) {
            headers.put("x-compute-time", String.format(java.util.Locale.ROOT, "%.3f", finished.get().seconds()));
        }
        String headersJson = InferenceJson.text(headers);
        jdbc.sql("""
                        INSERT INTO inference_result (job_id, lease_token, status, content_type, body, headers)
                        VALUES (:id, :tok, :status, :ct, :body, CAST(:headers AS jsonb))""")
                .param("id", jobId).param("tok", leaseToken).param("status", result.status())
                .param("ct", result.contentType()).param("body", result.body())
                .param("headers", headersJson)
                .update();
        notify(CHANNEL_DONE, jobId.toString());
        return new Completion(PostOutcome.STORED,
                new StoredResult(result.status(), result.contentType(), result.body(), headersJson));
    }

    private boolean resultExists(UUID jobId, UUID leaseToken) {
        return jdbc.sql("SELECT count(*) FROM inference_result WHERE job_id = :id AND lease_token = :tok")
                .param("id", jobId).param("tok", leaseToken).query(Integer.class).single() > 0;
    }

    /** A failure the hub decided (attempts used up): a 500 for the waiting client. */
    private StoredResult storeFailure(UUID jobId, String message) {
        byte[] body = InferenceJson.errorBody(message);
        jdbc.sql("""
                        INSERT INTO inference_result (job_id, lease_token, status, content_type, body)
                        VALUES (:id, gen_random_uuid(), 500, 'application/json', :body) ON CONFLICT DO NOTHING""")
                .param("id", jobId).param("body", body).update();
        notify(CHANNEL_DONE, jobId.toString());
        return new StoredResult(500, "application/json", body, null);
    }

    Optional<StoredResult> result(UUID jobId) {
        return jdbc.sql("SELECT status, content_type, body, CAST(headers AS text) FROM inference_result WHERE job_id = :id")
                .param("id", jobId)
                .query((rs, n) -> new StoredResult(rs.getInt(1), rs.getString(2), rs.getBytes(3), rs.getString(4)))
                .optional();
    }

    /** The job's state, or empty once it has been purged. */
    Optional<String> state(UUID jobId) {
        return jdbc.sql("SELECT state FROM inference_job WHERE id = :id").param("id", jobId)
                .query(String.class).optional();
    }

    /**
     * Cancels a job that is still queued or running (its client left or its budget ran out);
     * returns the state it had, or empty when it had already finished.
     */
    @Transactional
    Optional<String> cancel(UUID jobId) {
        return jdbc.sql("""
                        WITH old AS (SELECT id, state FROM inference_job
                                     WHERE id = :id AND state IN ('queued', 'leased') FOR UPDATE)
                        UPDATE inference_job j SET state = 'cancelled', finished_at = now()
                        FROM old WHERE j.id = old.id RETURNING old.state""")
                .param("id", jobId).query(String.class).optional();
    }

    // ------------------------------------------------------------------ reaper

    /** What one sweep did. */
    record Sweep(int requeued, int failed, int workersDied, int purged) {
    }

    /**
     * Requeues jobs whose lease expired (failing those out of attempts), drops queued jobs past
     * their deadline, marks workers that missed three heartbeats dead and forgets their models,
     * and purges finished jobs. Runs on one instance at a time (an advisory lock).
     */
    @Transactional
    Sweep sweep() {
        boolean mine = jdbc.sql("SELECT pg_try_advisory_xact_lock(:k)").param("k", REAPER_LOCK)
                .query(Boolean.class).single();
        if (!mine) {
            return new Sweep(0, 0, 0, 0);
        }
        record Expired(UUID id, String state, String modelId, int attempts) {
        }
        List<Expired> expired = jdbc.sql("""
                        UPDATE inference_job SET
                               state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                               finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
                               worker_id = NULL, lease_token = NULL, lease_expires_at = NULL, last_error = 'worker lost'
                        WHERE state = 'leased' AND lease_expires_at < now()
                        RETURNING id, state, model_id, attempts""")
                .query((rs, n) -> new Expired(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getInt(4)))
                .list();
        int failed = 0;
        for (Expired e : expired) {
            if (e.state().equals("failed")) {
                failed++;
                storeFailure(e.id(), "Inference failed: worker lost (" + e.attempts() + " attempts)");
            } else {
                notify(CHANNEL_NEW, e.modelId());
            }
        }
        jdbc.sql("UPDATE inference_job SET state = 'cancelled', finished_at = now()"
                + " WHERE state = 'queued' AND deadline_at < now()").update();
        int died = jdbc.sql("""
                        UPDATE inference_worker SET state = 'dead'
                        WHERE state <> 'dead' AND last_heartbeat_at < now() - make_interval(secs => :silence)""")
                .param("silence", 3 * properties.heartbeatInterval().toMillis() / 1000.0).update();
        jdbc.sql("""
                        DELETE FROM inference_worker_model m USING inference_worker w
                        WHERE w.id = m.worker_id AND w.state = 'dead'""").update();
        jdbc.sql("DELETE FROM inference_worker WHERE state = 'dead'"
                        + " AND last_heartbeat_at < now() - make_interval(secs => :keep)")
                .param("keep", properties.retainFinished().toSeconds()).update();
        int purged = jdbc.sql("DELETE FROM inference_job WHERE finished_at < now() - make_interval(secs => :keep)")
                .param("keep", properties.retainFinished().toSeconds()).update();
        return new Sweep(expired.size() - failed, failed, died, purged);
    }

    /** Requeues (or fails) every job leased to a worker that is leaving the pool. */
    void releaseWorkerJobs(UUID workerId) {
        List<UUID> failed = jdbc.sql("""
                        UPDATE inference_job SET
                               state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                               finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
                               worker_id = NULL, lease_token = NULL, lease_expires_at = NULL, last_error = 'worker removed'
                        WHERE state = 'leased' AND worker_id = :w
                        RETURNING id, state""")
                .param("w", workerId)
                .query((rs, n) -> rs.getString(2).equals("failed") ? rs.getObject(1, UUID.class) : null)
                .list().stream().filter(java.util.Objects::nonNull).toList();
        for (UUID id : failed) {
            storeFailure(id, "Inference failed: worker removed");
        }
        notify(CHANNEL_NEW, "*");
    }

    // ------------------------------------------------------------------ helpers

    /** The model of a new-job NOTIFY, or null when this instance sent it (and woke its own waiters). */
    String newJobModel(String payload) {
        int space = payload.indexOf(' ');
        if (space < 0) {
            return payload;
        }
        return payload.substring(0, space).equals(origin) ? null : payload.substring(space + 1);
    }

    void notify(String channel, String payload) {
        jdbc.sql("SELECT pg_notify(:c, :p)").param("c", channel).param("p", payload).query((rs, n) -> 1).list();
    }

    private double ttlSeconds() {
        return properties.leaseTtl().toMillis() / 1000.0;
    }

    private static String truncate(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    private static LeasedJob leasedJob(ResultSet rs, int n) throws SQLException {
        Timestamp deadline = rs.getTimestamp("deadline_at");
        return new LeasedJob(rs.getObject("id", UUID.class), rs.getObject("lease_token", UUID.class),
                rs.getObject("repository_id", UUID.class), rs.getString("model_id"),
                rs.getString("sha"), rs.getString("task"), rs.getBytes("payload"),
                rs.getString("content_type"), rs.getString("params"), deadline.toInstant(), rs.getInt("attempts"));
    }
}
