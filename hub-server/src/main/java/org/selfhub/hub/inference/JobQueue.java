package org.selfhub.hub.inference;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.selfhub.hub.inference.InferenceJobs.Completion;
import org.selfhub.hub.inference.InferenceJobs.LeaseGrant;
import org.selfhub.hub.inference.InferenceJobs.LeasedJob;
import org.selfhub.hub.inference.InferenceJobs.NewJob;
import org.selfhub.hub.inference.InferenceJobs.PostOutcome;
import org.selfhub.hub.inference.InferenceJobs.StoredResult;
import org.selfhub.hub.inference.InferenceJobs.WorkerResult;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
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
     * Runs the work in one transaction whose statements use the plan PostgreSQL keeps per connection
     * (a generic plan) instead of planning each execution for its values: the batch statements take
     * arrays, and a plan for each array's length cost more than running them (0.2 to 0.4 ms a
     * statement, measured with {@code log_min_duration_statement}).
     */
    @Transactional
    <T> T withGenericPlans(java.util.function.Supplier<T> work) {
        jdbc.sql("SET LOCAL plan_cache_mode = force_generic_plan").update();
        return work.get();
    }

    /** A lease call waiting on this instance: it may be handed new jobs of the models it holds warm. */
    record Offer(UUID workerId, List<String> warm, int slots) {
    }

    /** What became of one job of a batch: refused (429), queued, or leased at once to an offered worker. */
    record Enqueued(HubException refused, UUID workerId, LeasedJob leased) {

        static final Enqueued QUEUED = new Enqueued(null, null, null);
    }

    /**
     * Admits and enqueues a batch of jobs in one transaction (group commit: the scheduler batches
     * what arrives while the previous batch commits), and hands jobs of warm models straight to the
     * offered lease calls, leased in the same insert, so they need no claim. Queued jobs are
     * signalled to the workers with one NOTIFY per model, delivered at commit. The users' rows of
     * {@code inference_fair_share} are locked first, so each user's cap is exact. Returns one
     * outcome per job, in order.
     */
    @Transactional
    List<Enqueued> enqueueAll(List<NewJob> jobs, List<Offer> offers) {
        List<String> models = jobs.stream().map(NewJob::modelId).distinct().toList();
        // The model caps first: shared by every user, the user locks would not make them exact, and
        // they would lengthen the time the locks are held. With them, in the same round trip, the
        // system's virtual time: the earliest start tag still queued; when nothing waits, the
        // furthest any user got, so that everyone who comes back after a lull starts level.
        Map<String, Integer> modelQueued = new HashMap<>();
        double[] base = new double[1];
        jdbc.sql("""
                        SELECT m.id, (SELECT count(*) FROM inference_job j WHERE j.model_id = m.id AND j.state = 'queued'),
                               coalesce((SELECT min(vtime) FROM inference_job WHERE state = 'queued'),
                                        (SELECT max(last_vtime) FROM inference_fair_share), 0)
                        FROM unnest(CAST(:models AS text[])) AS m(id)""")
                .param("models", models.toArray(String[]::new))
                .query(rs -> {
                    modelQueued.put(rs.getString(1), rs.getInt(2));
                    base[0] = rs.getDouble(3);
                });
        Enqueued[] out = new Enqueued[jobs.size()];
        for (int i = 0; i < jobs.size(); i++) {
            String model = jobs.get(i).modelId();
            int queued = modelQueued.merge(model, 1, Integer::sum) - 1;
            if (queued >= properties.maxQueuedPerModel()) {
                out[i] = new Enqueued(rateLimited("Model is overloaded", true), null, null);
            }
        }
        List<String> users = new ArrayList<>(new TreeSet<>(IntStream
                .range(0, jobs.size()).filter(i -> out[i] == null).mapToObj(i -> jobs.get(i).userKey()).toList()));
        if (users.isEmpty()) {
            return List.of(out);
        }
        // Locks the users' rows in a fixed order (other instances' batches lock them too).
        Map<String, Double> lastVtime = new HashMap<>();
        jdbc.sql("""
                        INSERT INTO inference_fair_share AS f (user_key, last_vtime)
                        SELECT u, :base FROM unnest(CAST(:users AS text[])) AS u ORDER BY u
                        ON CONFLICT (user_key) DO UPDATE SET last_vtime = f.last_vtime
                        RETURNING user_key, last_vtime""")
                .param("users", users.toArray(String[]::new)).param("base", base[0])
                .query(rs -> {
                    lastVtime.put(rs.getString(1), Math.max(rs.getDouble(2), base[0]));
                });
        Map<String, Integer> active = new HashMap<>();
        jdbc.sql("""
                        SELECT user_key, count(*) FROM inference_job
                        WHERE user_key IN (:users) AND state IN ('queued', 'leased') GROUP BY user_key""")
                .param("users", users).query(rs -> {
                    active.put(rs.getString(1), rs.getInt(2));
                });
        double[] vtimes = new double[jobs.size()];
        Set<String> advanced = new TreeSet<>();
        for (int i = 0; i < jobs.size(); i++) {
            if (out[i] != null) {
                continue;
            }
            String user = jobs.get(i).userKey();
            int inProgress = active.merge(user, 1, Integer::sum) - 1;
            if (inProgress >= properties.maxJobsPerUser()) {
                active.merge(user, -1, Integer::sum);
                out[i] = new Enqueued(rateLimited("Rate limit reached: you have " + inProgress
                        + " inference requests in progress; wait for one to finish", false), null, null);
                continue;
            }
            vtimes[i] = lastVtime.merge(user, 1.0, Double::sum);
            advanced.add(user);
        }
        if (advanced.isEmpty()) {
            return List.of(out);
        }
        insert(jobs, out, vtimes, handOff(jobs, out, vtimes, offers), advanced, lastVtime);
        return List.of(out);
    }

    /**
     * Picks, for the admitted jobs in start-tag order, an offered worker that holds the job's model
     * warm and has a free slot, preferring one already given that model, so a worker gets a batch
     * of one model.
     */
    private static UUID[] handOff(List<NewJob> jobs, Enqueued[] out, double[] vtimes, List<Offer> offers) {
        UUID[] to = new UUID[jobs.size()];
        Map<UUID, Integer> free = new HashMap<>();
        offers.forEach(o -> free.put(o.workerId(), o.slots()));
        Map<String, UUID> current = new HashMap<>();
        Integer[] order = IntStream.range(0, jobs.size()).filter(i -> out[i] == null).boxed()
                .sorted(Comparator.comparingDouble(i -> vtimes[i])).toArray(Integer[]::new);
        for (int i : order) {
            String model = jobs.get(i).modelId();
            UUID chosen = current.get(model);
            if (chosen == null || free.get(chosen) == 0) {
                chosen = offers.stream().filter(o -> free.get(o.workerId()) > 0 && o.warm().contains(model))
                        .map(Offer::workerId).findFirst().orElse(null);
            }
            if (chosen != null) {
                free.merge(chosen, -1, Integer::sum);
                current.put(model, chosen);
                to[i] = chosen;
            }
        }
        return to;
    }

    /**
     * Inserts the admitted jobs, leased to the worker picked for them while it is still active
     * (the check a claim makes; with the model's last use, as a claim records it) or else queued;
     * advances the users' virtual times; and signals the queued jobs' models. One round trip.
     */
    private void insert(List<NewJob> jobs, Enqueued[] out, double[] vtimes, UUID[] handedTo,
                        Set<String> advanced, Map<String, Double> lastVtime) {
        List<Integer> admitted = IntStream.range(0, jobs.size()).filter(i -> out[i] == null)
                .boxed().toList();
        int n = admitted.size();
        String[] ids = new String[n], repos = new String[n], models = new String[n], shas = new String[n];
        String[] tasks = new String[n], users = new String[n], types = new String[n], params = new String[n];
        String[] workers = new String[n], tokens = new String[n];
        Double[] vt = new Double[n], budgets = new Double[n];
        byte[][] payloads = new byte[n][];
        Map<UUID, NewJob> byId = new HashMap<>();
        for (int k = 0; k < n; k++) {
            int i = admitted.get(k);
            NewJob job = jobs.get(i);
            byId.put(job.id(), job);
            ids[k] = job.id().toString();
            repos[k] = job.repositoryId().toString();
            models[k] = job.modelId();
            shas[k] = job.sha();
            tasks[k] = job.task();
            users[k] = job.userKey();
            types[k] = job.contentType();
            params[k] = job.paramsJson();
            payloads[k] = job.payload();
            vt[k] = vtimes[i];
            budgets[k] = job.budgetMillis() / 1000.0;
            workers[k] = handedTo[i] == null ? null : handedTo[i].toString();
            tokens[k] = handedTo[i] == null ? null : UUID.randomUUID().toString();
        }
        Map<UUID, LeasedJob> leased = new HashMap<>();
        jdbc.sql("""
                        WITH f AS (
                            UPDATE inference_fair_share f SET last_vtime = v.last
                            FROM unnest(CAST(:fairUsers AS text[]), CAST(:lasts AS float8[])) AS v(u, last)
                            WHERE f.user_key = v.u),
                        t AS (
                            SELECT t.*, w.id AS leased_to
                            FROM unnest(CAST(:ids AS uuid[]), CAST(:repos AS uuid[]), CAST(:models AS text[]),
                                        CAST(:shas AS text[]), CAST(:tasks AS text[]), CAST(:users AS text[]),
                                        CAST(:vtimes AS float8[]), CAST(:payloads AS bytea[]), CAST(:types AS text[]),
                                        CAST(:params AS text[]), CAST(:budgets AS float8[]), CAST(:workers AS uuid[]),
                                        CAST(:tokens AS uuid[]))
                                 AS t(id, repo, model, sha, task, u, vtime, payload, ct, params, budget, w, tok)
                            LEFT JOIN inference_worker w ON w.id = t.w AND w.state = 'active'),
                        j AS (
                            INSERT INTO inference_job (id, repository_id, model_id, sha, task, user_key, vtime, state, payload,
                                                       content_type, params, deadline_at, max_attempts, worker_id, lease_token,
                                                       attempts, leased_at, lease_expires_at)
                            SELECT t.id, t.repo, t.model, t.sha, t.task, t.u, t.vtime,
                                   CASE WHEN t.leased_to IS NULL THEN 'queued' ELSE 'leased' END, t.payload, t.ct,
                                   CAST(t.params AS jsonb), now() + make_interval(secs => t.budget), :max, t.leased_to,
                                   CASE WHEN t.leased_to IS NOT NULL THEN t.tok END,
                                   CASE WHEN t.leased_to IS NULL THEN 0 ELSE 1 END,
                                   CASE WHEN t.leased_to IS NOT NULL THEN now() END,
                                   CASE WHEN t.leased_to IS NOT NULL THEN now() + make_interval(secs => :ttl) END
                            FROM t
                            RETURNING id, model_id, state, lease_token, deadline_at),
                        touched AS (
                            UPDATE inference_worker_model m SET last_used_at = now()
                            FROM (SELECT DISTINCT leased_to, model FROM t WHERE leased_to IS NOT NULL) h
                            WHERE m.worker_id = h.leased_to AND m.model_id = h.model),
                        signals AS (
                            SELECT count(pg_notify(:c, :origin || ' ' || q.model_id)) AS sent
                            FROM (SELECT DISTINCT model_id FROM j WHERE state = 'queued') q)
                        SELECT j.id, j.lease_token, j.deadline_at, (SELECT sent FROM signals) FROM j""")
                .param("ids", ids).param("repos", repos).param("models", models).param("shas", shas)
                .param("tasks", tasks).param("users", users).param("vtimes", vt).param("payloads", payloads)
                .param("types", types).param("params", params).param("budgets", budgets).param("workers", workers)
                .param("tokens", tokens).param("max", properties.maxAttempts()).param("ttl", ttlSeconds())
                .param("fairUsers", advanced.toArray(String[]::new))
                .param("lasts", advanced.stream().map(lastVtime::get).toArray(Double[]::new))
                .param("c", CHANNEL_NEW).param("origin", origin)
                .query(rs -> {
                    UUID token = rs.getObject(2, UUID.class);
                    if (token != null) {
                        NewJob job = byId.get(rs.getObject(1, UUID.class));
                        leased.put(job.id(), new LeasedJob(job.id(), token, job.repositoryId(), job.modelId(), job.sha(),
                                job.task(), job.payload(), job.contentType(), job.paramsJson(),
                                rs.getTimestamp(3).toInstant(), 1));
                    }
                });
        for (int k = 0; k < n; k++) {
            int i = admitted.get(k);
            LeasedJob job = leased.get(jobs.get(i).id());
            out[i] = job == null ? Enqueued.QUEUED : new Enqueued(null, handedTo[i], job);
        }
    }

    /**
     * Puts jobs handed to a lease call that could not take them (it was cancelled in between) back
     * in the queue, as if never leased.
     */
    @Transactional
    void unlease(List<LeasedJob> jobs) {
        List<String> models = jdbc.sql("""
                        UPDATE inference_job SET state = 'queued', worker_id = NULL, lease_token = NULL, leased_at = NULL,
                               lease_expires_at = NULL, attempts = attempts - 1
                        WHERE id IN (:ids) AND state = 'leased' RETURNING model_id""")
                .param("ids", jobs.stream().map(LeasedJob::jobId).toList()).query(String.class).list();
        models.stream().distinct().forEach(m -> notify(CHANNEL_NEW, m));
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
        // Not locked: a worker drained or removed meanwhile may still get this grant; a draining
        // worker finishes what it holds, and a removed one's lease expires and the reaper requeues.
        Optional<String> state = jdbc.sql("SELECT state FROM inference_worker WHERE id = :w")
                .param("w", workerId).query(String.class).optional();
        if (state.isEmpty() || state.get().equals("dead")) {
            return LeaseGrant.UNKNOWN_WORKER;
        }
        if (!state.get().equals("active")) {
            return LeaseGrant.EMPTY;
        }
        if (!warm.isEmpty()) {
            // The claim and the models' last use in one round trip.
            List<LeasedJob> jobs = jdbc.sql("""
                            WITH c AS (SELECT id FROM inference_job
                                       WHERE state = 'queued' AND model_id IN (:warm) AND deadline_at > now()
                                       ORDER BY priority DESC, vtime LIMIT :k FOR UPDATE SKIP LOCKED),
                            j AS (UPDATE inference_job j SET state = 'leased', worker_id = :w, attempts = j.attempts + 1,
                                         lease_token = gen_random_uuid(), leased_at = now(),
                                         lease_expires_at = now() + make_interval(secs => :ttl)
                                  FROM c WHERE j.id = c.id
                                  RETURNING""" + " " + LEASED_COLUMNS + """
                            ),
                            touched AS (UPDATE inference_worker_model SET last_used_at = now()
                                        WHERE worker_id = :w AND model_id IN (SELECT DISTINCT model_id FROM j))
                            SELECT * FROM j""")
                    .param("warm", warm).param("k", limit).param("w", workerId).param("ttl", ttlSeconds())
                    .query(JobQueue::leasedJob).list();
            if (!jobs.isEmpty()) {
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
        // Delay scheduling: a model warm on another worker waits for it, up to the threshold.
        candidates = candidates.stream().filter(c -> !c.warmElsewhere() || c.delayedEnough()).toList();
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

    /** RETURNING gives no order; hand jobs out in queue order. */
    private static List<LeasedJob> sorted(List<LeasedJob> jobs) {
        return jobs.size() < 2 ? jobs : jobs.stream()
                .sorted(Comparator.comparing(LeasedJob::deadline)).toList();
    }

    // ------------------------------------------------------------------ results

    /**
     * A retryable failure whose lease is still current: requeues the job, or fails it once it has
     * used all its attempts (storing the 500 its client gets).
     */
    private Completion retry(UUID jobId, UUID leaseToken, WorkerResult result) {
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
            return repeatOrStale(jobId, leaseToken);
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

    /** A worker's result post, as it waits for its batch. */
    record ResultPost(UUID jobId, UUID leaseToken, WorkerResult result) {
    }

    /**
     * Stores a batch of worker result posts in one transaction (group commit), fenced by their lease
     * tokens: a post whose lease is current is stored, a repeat of a stored post (same job and
     * token) is a duplicate, anything else is stale. A retryable error requeues its job, or fails
     * it once it has used all its attempts. Only jobs whose client waits on another instance are
     * announced with a NOTIFY; this instance answers its own.
     */
    @Transactional
    List<Completion> completeAll(List<ResultPost> posts, Predicate<UUID> waitsHere) {
        Completion[] out = new Completion[posts.size()];
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < posts.size(); i++) {
            ResultPost p = posts.get(i);
            if (p.result().status() >= 500 && p.result().retryable()) {
                out[i] = retry(p.jobId(), p.leaseToken(), p.result());
            } else {
                left.add(i);
            }
        }
        // In rounds, so that posts for the same job take effect in the order they came.
        while (!left.isEmpty()) {
            Set<UUID> jobs = new HashSet<>();
            List<Integer> round = new ArrayList<>();
            List<Integer> later = new ArrayList<>();
            for (int i : left) {
                (jobs.add(posts.get(i).jobId()) ? round : later).add(i);
            }
            completeTogether(posts, round, out, waitsHere);
            left = later;
        }
        return List.of(out);
    }

    private void completeTogether(List<ResultPost> posts, List<Integer> indexes, Completion[] out,
                                  Predicate<UUID> waitsHere) {
        record Finished(String deviceKind, double seconds) {
        }
        Map<UUID, Finished> finished = new HashMap<>();
        // A result proves the model loaded on that worker: it is ready from now on, not from the
        // worker's next heartbeat, and the time since the load began is its load time.
        jdbc.sql("""
                        WITH v AS (SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:toks AS uuid[])) AS v(id, tok)),
                        done AS (
                            UPDATE inference_job j SET state = 'done', finished_at = now()
                            FROM v WHERE j.id = v.id AND j.lease_token = v.tok AND j.state = 'leased'
                            RETURNING j.id, j.worker_id, j.model_id,
                                      (SELECT w.device_kind FROM inference_worker w WHERE w.id = j.worker_id) AS device,
                                      extract(epoch FROM now() - j.leased_at) AS seconds),
                        loaded AS (
                            UPDATE inference_worker_model m SET state = 'ready', updated_at = now()
                            FROM (SELECT DISTINCT worker_id, model_id FROM done) d, inference_worker_model before
                            WHERE m.worker_id = d.worker_id AND m.model_id = d.model_id AND m.state = 'loading'
                              AND before.worker_id = m.worker_id AND before.model_id = m.model_id
                            RETURNING m.model_id, CAST(1000 * extract(epoch FROM now() - before.updated_at) AS bigint) AS ms),
                        stats AS (
                            INSERT INTO inference_model_stats (model_id, load_millis)
                            SELECT DISTINCT ON (model_id) model_id, ms FROM loaded ORDER BY model_id, ms DESC
                            ON CONFLICT (model_id) DO UPDATE SET load_millis = excluded.load_millis, updated_at = now())
                        SELECT id, device, seconds FROM done""")
                .param("ids", indexes.stream().map(i -> posts.get(i).jobId().toString()).toArray(String[]::new))
                .param("toks", indexes.stream().map(i -> posts.get(i).leaseToken().toString()).toArray(String[]::new))
                .query(rs -> {
                    finished.put(rs.getObject(1, UUID.class), new Finished(rs.getString(2), rs.getDouble(3)));
                });
        List<Integer> stored = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        for (int i : indexes) {
            ResultPost p = posts.get(i);
            Finished f = finished.get(p.jobId());
            if (f == null) {
                out[i] = repeatOrStale(p.jobId(), p.leaseToken());
                continue;
            }
            String headersJson = resultHeaders(p.result(), f.deviceKind(), f.seconds());
            stored.add(i);
            headers.add(headersJson);
            out[i] = new Completion(PostOutcome.STORED, new StoredResult(p.result().status(), p.result().contentType(),
                    p.result().body(), headersJson));
        }
        if (stored.isEmpty()) {
            return;
        }
        String[] elsewhere = stored.stream().map(i -> posts.get(i).jobId()).filter(id -> !waitsHere.test(id))
                .map(UUID::toString).toArray(String[]::new);
        jdbc.sql("""
                        WITH r AS (
                            INSERT INTO inference_result (job_id, lease_token, status, content_type, body, headers)
                            SELECT t.id, t.tok, t.status, t.ct, t.body, CAST(t.headers AS jsonb)
                            FROM unnest(CAST(:ids AS uuid[]), CAST(:toks AS uuid[]), CAST(:statuses AS int[]),
                                        CAST(:types AS text[]), CAST(:bodies AS bytea[]), CAST(:headers AS text[]))
                                 AS t(id, tok, status, ct, body, headers)
                            RETURNING job_id)
                        SELECT (SELECT count(*) FROM r),
                               (SELECT count(pg_notify(:c, e)) FROM unnest(CAST(:elsewhere AS text[])) AS e)""")
                .param("ids", stored.stream().map(i -> posts.get(i).jobId().toString()).toArray(String[]::new))
                .param("toks", stored.stream().map(i -> posts.get(i).leaseToken().toString()).toArray(String[]::new))
                .param("statuses", stored.stream().map(i -> posts.get(i).result().status()).toArray(Integer[]::new))
                .param("types", stored.stream().map(i -> posts.get(i).result().contentType()).toArray(String[]::new))
                .param("bodies", stored.stream().map(i -> posts.get(i).result().body()).toArray(byte[][]::new))
                .param("headers", headers.toArray(String[]::new))
                .param("c", CHANNEL_DONE).param("elsewhere", elsewhere)
                .query((rs, n) -> 1).list();
    }

    /** The hub knows the device and the time under lease; a worker's own values win. */
    private static String resultHeaders(WorkerResult result, String deviceKind, double seconds) {
        var headers = (tools.jackson.databind.node.ObjectNode) InferenceJson.parse(result.headersJson());
        if (!headers.has("x-compute-type") && deviceKind != null) {
            headers.put("x-compute-type", WorkerRegistry.computeType(deviceKind));
        }
        if (!headers.has("x-compute-time")) {
            headers.put("x-compute-time", String.format(Locale.ROOT, "%.3f", seconds));
        }
        return InferenceJson.text(headers);
    }

    /** A post that stored nothing: a repeat of what this lease stored, or stale. */
    private Completion repeatOrStale(UUID jobId, UUID leaseToken) {
        boolean stored = jdbc.sql("SELECT count(*) FROM inference_result WHERE job_id = :id AND lease_token = :tok")
                .param("id", jobId).param("tok", leaseToken).query(Integer.class).single() > 0;
        return Completion.of(stored ? PostOutcome.DUPLICATE : PostOutcome.STALE);
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
                .list().stream().filter(Objects::nonNull).toList();
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
