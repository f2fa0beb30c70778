package org.selfhub.hub.inference;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.selfhub.hub.inference.InferenceJobs.HeartbeatReply;
import org.selfhub.hub.inference.InferenceJobs.ReportedModel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The worker pool in PostgreSQL: registration, heartbeats (lease renewal, model inventory, load
 * times and measured sizes), drain and removal, and what the API side asks about it (is anyone
 * serving, who holds a model, how long loads take).
 */
@Repository
class WorkerRegistry {

    /** A registration as the worker sends it (inference-protocol.md). */
    record Registration(String name, String version, String deviceKind, String deviceName, long memTotal,
                        long memFree, int maxConcurrency, int maxBatch, List<String> tasks) {
    }

    /** Where a model stands across the pool. */
    record ModelPlacement(boolean anyActive, boolean ready, String computeType, Instant loadingSince, long loadMillis,
                          long memBytes, long largestWorker) {
    }

    private final JdbcClient jdbc;
    private final JobQueue queue;
    private final InferenceProperties properties;

    WorkerRegistry(JdbcClient jdbc, JobQueue queue, InferenceProperties properties) {
        this.jdbc = jdbc;
        this.queue = queue;
        this.properties = properties;
    }

    @Transactional
    UUID register(Registration r) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO inference_worker (id, name, version, state, device_kind, device_name, mem_total, mem_free,
                                                      max_concurrency, max_batch, tasks)
                        VALUES (:id, :name, :version, 'active', :kind, :dname, :total, :free, :conc, :batch, :tasks)""")
                .param("id", id).param("name", r.name()).param("version", r.version()).param("kind", r.deviceKind())
                .param("dname", r.deviceName()).param("total", r.memTotal()).param("free", r.memFree())
                .param("conc", r.maxConcurrency()).param("batch", r.maxBatch())
                .param("tasks", r.tasks().toArray(new String[0]))
                .update();
        return id;
    }

    /**
     * Records a heartbeat: renews the leases of the jobs the worker still runs, answers which of
     * them to cancel (lost or cancelled), syncs the models it holds, and says which to unload and
     * whether to drain. Empty when the worker is unknown or was declared dead: it must register again.
     */
    @Transactional
    Optional<HeartbeatReply> heartbeat(UUID workerId, List<ReportedModel> models, Long memFree, List<UUID> inFlight) {
        Optional<String> state = jdbc.sql("""
                        UPDATE inference_worker SET last_heartbeat_at = now(), mem_free = coalesce(:free, mem_free)
                        WHERE id = :w AND state <> 'dead' RETURNING state""")
                .param("w", workerId).param("free", memFree).query(String.class).optional();
        if (state.isEmpty()) {
            return Optional.empty();
        }
        List<UUID> extended = inFlight.isEmpty() ? List.of() : jdbc.sql("""
                        UPDATE inference_job SET lease_expires_at = now() + make_interval(secs => :ttl)
                        WHERE worker_id = :w AND state = 'leased' AND id IN (:ids) RETURNING id""")
                .param("ttl", properties.leaseTtl().toMillis() / 1000.0).param("w", workerId).param("ids", inFlight)
                .query((rs, n) -> rs.getObject(1, UUID.class)).list();
        Set<UUID> kept = new HashSet<>(extended);
        List<UUID> cancel = inFlight.stream().filter(id -> !kept.contains(id)).toList();
        return Optional.of(new HeartbeatReply(extended, cancel, syncModels(workerId, models),
                state.get().equals("draining")));
    }

    /** Brings {@code inference_worker_model} in line with the report; returns the models to unload. */
    private List<String> syncModels(UUID workerId, List<ReportedModel> models) {
        record Row(String state, Instant updatedAt) {
        }
        Map<String, Row> known = new HashMap<>();
        jdbc.sql("SELECT model_id, state, updated_at FROM inference_worker_model WHERE worker_id = :w")
                .param("w", workerId)
                .query((rs, n) -> known.put(rs.getString(1), new Row(rs.getString(2), rs.getTimestamp(3).toInstant())))
                .list();
        List<String> unload = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        Instant now = jdbc.sql("SELECT now()").query(Timestamp.class).single().toInstant();
        for (ReportedModel m : models) {
            if (m.modelId() == null || m.modelId().isEmpty()) {
                continue;
            }
            reported.add(m.modelId());
            Row row = known.get(m.modelId());
            String state = normaliseState(m.state());
            if (row != null && row.state().equals("unloading")) {
                unload.add(m.modelId());
                continue;
            }
            if (row != null && row.state().equals("loading") && state.equals("ready")) {
                recordLoad(m.modelId(), Math.max(0, now.toEpochMilli() - row.updatedAt().toEpochMilli()));
            }
            jdbc.sql("""
                            INSERT INTO inference_worker_model (worker_id, model_id, sha, state, mem_bytes, last_used_at)
                            VALUES (:w, :m, :sha, :state, :bytes, coalesce(:used, now()))
                            ON CONFLICT (worker_id, model_id) DO UPDATE SET sha = excluded.sha, mem_bytes = excluded.mem_bytes,
                                   last_used_at = greatest(inference_worker_model.last_used_at, excluded.last_used_at),
                                   updated_at = CASE WHEN inference_worker_model.state = excluded.state
                                                     THEN inference_worker_model.updated_at ELSE now() END,
                                   state = excluded.state""")
                    .param("w", workerId).param("m", m.modelId()).param("sha", m.sha() == null ? "" : m.sha())
                    .param("state", state).param("bytes", Math.max(0, m.bytes()))
                    .param("used", m.lastUsed() == null ? null : Timestamp.from(m.lastUsed()))
                    .update();
            if (state.equals("ready") && m.bytes() > 0) {
                jdbc.sql("""
                                INSERT INTO inference_model_stats (model_id, mem_bytes) VALUES (:m, :bytes)
                                ON CONFLICT (model_id) DO UPDATE SET mem_bytes = excluded.mem_bytes, updated_at = now()""")
                        .param("m", m.modelId()).param("bytes", m.bytes()).update();
            }
        }
        // Gone from the report: evicted or never loaded. A fresh 'loading' row may predate the
        // worker's knowledge of its lease, so it gets a lease's time to show up; a row that turned
        // 'ready' (by a result) within a heartbeat interval may be newer than this report.
        for (Map.Entry<String, Row> e : known.entrySet()) {
            if (reported.contains(e.getKey())) {
                continue;
            }
            Row row = e.getValue();
            boolean freshLoad = row.state().equals("loading") && row.updatedAt().isAfter(now.minus(properties.leaseTtl()));
            boolean freshReady = row.state().equals("ready")
                    && row.updatedAt().isAfter(now.minus(properties.heartbeatInterval()));
            if (!freshLoad && !freshReady) {
                jdbc.sql("DELETE FROM inference_worker_model WHERE worker_id = :w AND model_id = :m")
                        .param("w", workerId).param("m", e.getKey()).update();
            }
        }
        return unload;
    }

    private void recordLoad(String modelId, long millis) {
        jdbc.sql("""
                        INSERT INTO inference_model_stats (model_id, load_millis) VALUES (:m, :ms)
                        ON CONFLICT (model_id) DO UPDATE SET load_millis = excluded.load_millis, updated_at = now()""")
                .param("m", modelId).param("ms", millis).update();
    }

    private static String normaliseState(String state) {
        if ("loading".equals(state) || "failed".equals(state)) {
            return state;
        }
        return "ready";
    }

    /** Stops leasing to the worker; it finishes what it runs and deregisters. False when unknown. */
    @Transactional
    boolean drain(UUID workerId) {
        return jdbc.sql("UPDATE inference_worker SET state = 'draining' WHERE id = :w AND state = 'active'")
                .param("w", workerId).update() > 0
                || jdbc.sql("SELECT count(*) FROM inference_worker WHERE id = :w AND state = 'draining'")
                .param("w", workerId).query(Integer.class).single() > 0;
    }

    /** Removes the worker; its running jobs go back to the queue (or fail when out of attempts). */
    @Transactional
    boolean remove(UUID workerId) {
        queue.releaseWorkerJobs(workerId);
        return jdbc.sql("DELETE FROM inference_worker WHERE id = :w").param("w", workerId).update() > 0;
    }

    /** Whether any worker is alive and accepting work. */
    boolean anyActive() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM inference_worker WHERE state = 'active')")
                .query(Boolean.class).single();
    }

    /**
     * Where the model stands: whether any worker is active at all, ready somewhere (and on what
     * device), loading since when, past load times.
     */
    ModelPlacement placement(String modelId) {
        return placements(List.of(modelId)).get(modelId);
    }

    /** {@link #placement} of several models in one round trip (a batch of new jobs asks once). */
    Map<String, ModelPlacement> placements(Collection<String> modelIds) {
        Map<String, ModelPlacement> out = new HashMap<>();
        jdbc.sql("""
                        SELECT x.id,
                               EXISTS (SELECT 1 FROM inference_worker WHERE state = 'active') AS any_active,
                               EXISTS (SELECT 1 FROM inference_worker_model m JOIN inference_worker w ON w.id = m.worker_id
                                       WHERE m.model_id = x.id AND m.state = 'ready' AND w.state = 'active') AS ready,
                               (SELECT w.device_kind FROM inference_worker_model m JOIN inference_worker w ON w.id = m.worker_id
                                WHERE m.model_id = x.id AND m.state = 'ready' AND w.state = 'active' LIMIT 1) AS device,
                               (SELECT min(m.updated_at) FROM inference_worker_model m JOIN inference_worker w ON w.id = m.worker_id
                                WHERE m.model_id = x.id AND m.state = 'loading' AND w.state = 'active') AS loading_since,
                               s.load_millis, coalesce(s.mem_bytes, 0) AS mem,
                               coalesce((SELECT max(mem_total) FROM inference_worker WHERE state = 'active'), 0) AS largest
                        FROM unnest(CAST(:models AS text[])) AS x(id)
                        LEFT JOIN inference_model_stats s ON s.model_id = x.id""")
                .param("models", modelIds.toArray(String[]::new))
                .query(rs -> {
                    Timestamp since = rs.getTimestamp("loading_since");
                    long load = rs.getLong("load_millis");
                    if (rs.wasNull()) {
                        load = -1;
                    }
                    out.put(rs.getString("id"), new ModelPlacement(rs.getBoolean("any_active"), rs.getBoolean("ready"),
                            computeType(rs.getString("device")), since == null ? null : since.toInstant(), load,
                            rs.getLong("mem"), rs.getLong("largest")));
                });
        return out;
    }

    Instant now() {
        return jdbc.sql("SELECT now()").query(Timestamp.class).single().toInstant();
    }

    /** {@code x-compute-type}: {@code gpu} for CUDA devices, {@code cpu} otherwise. */
    static String computeType(String deviceKind) {
        if (deviceKind == null) {
            return null;
        }
        return deviceKind.equals("cpu") ? "cpu" : "gpu";
    }

    // ------------------------------------------------------------------ admin views

    List<Map<String, Object>> listWorkers() {
        Map<UUID, List<Map<String, Object>>> models = new HashMap<>();
        jdbc.sql("SELECT worker_id, model_id, sha, state, mem_bytes, last_used_at FROM inference_worker_model"
                        + " ORDER BY model_id")
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("modelId", rs.getString("model_id"));
                    m.put("sha", rs.getString("sha"));
                    m.put("state", rs.getString("state"));
                    m.put("bytes", rs.getLong("mem_bytes"));
                    m.put("lastUsed", rs.getTimestamp("last_used_at").toInstant().toString());
                    return models.computeIfAbsent(rs.getObject("worker_id", UUID.class), k -> new ArrayList<>()).add(m);
                })
                .list();
        return jdbc.sql("""
                        SELECT w.*, (SELECT count(*) FROM inference_job j WHERE j.worker_id = w.id AND j.state = 'leased')
                                   AS in_flight
                        FROM inference_worker w ORDER BY w.registered_at""")
                .query((rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    Map<String, Object> device = new LinkedHashMap<>();
                    device.put("kind", rs.getString("device_kind"));
                    device.put("name", rs.getString("device_name"));
                    device.put("memTotal", rs.getLong("mem_total"));
                    device.put("memFree", rs.getLong("mem_free"));
                    Map<String, Object> w = new LinkedHashMap<>();
                    w.put("id", id.toString());
                    w.put("name", rs.getString("name"));
                    w.put("version", rs.getString("version"));
                    w.put("state", rs.getString("state"));
                    w.put("device", device);
                    w.put("maxConcurrency", rs.getInt("max_concurrency"));
                    w.put("maxBatch", rs.getInt("max_batch"));
                    w.put("inFlight", rs.getInt("in_flight"));
                    w.put("registeredAt", rs.getTimestamp("registered_at").toInstant().toString());
                    w.put("lastHeartbeatAt", rs.getTimestamp("last_heartbeat_at").toInstant().toString());
                    w.put("models", models.getOrDefault(id, List.of()));
                    return w;
                })
                .list();
    }

    Map<String, Object> jobOverview(int recent) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (String s : List.of("queued", "leased", "done", "failed", "cancelled")) {
            counts.put(s, 0L);
        }
        jdbc.sql("SELECT state, count(*) FROM inference_job GROUP BY state")
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        List<Map<String, Object>> perModel = jdbc.sql("""
                        SELECT model_id, count(*) FILTER (WHERE state = 'queued') AS queued,
                               count(*) FILTER (WHERE state = 'leased') AS leased,
                               extract(epoch FROM now() - min(created_at) FILTER (WHERE state = 'queued')) AS oldest
                        FROM inference_job WHERE state IN ('queued', 'leased')
                        GROUP BY model_id ORDER BY model_id""")
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("modelId", rs.getString("model_id"));
                    m.put("queued", rs.getLong("queued"));
                    m.put("leased", rs.getLong("leased"));
                    double oldest = rs.getDouble("oldest");
                    m.put("oldestQueuedS", rs.wasNull() ? null : Math.round(oldest * 1000) / 1000.0);
                    return m;
                })
                .list();
        List<Map<String, Object>> jobs = jdbc.sql("""
                        SELECT id, model_id, task, user_key, state, attempts, max_attempts, worker_id, created_at,
                               deadline_at, last_error
                        FROM inference_job ORDER BY created_at DESC LIMIT :n""")
                .param("n", recent)
                .query((rs, n) -> {
                    Map<String, Object> j = new LinkedHashMap<>();
                    j.put("id", rs.getObject("id", UUID.class).toString());
                    j.put("modelId", rs.getString("model_id"));
                    j.put("task", rs.getString("task"));
                    j.put("user", rs.getString("user_key"));
                    j.put("state", rs.getString("state"));
                    j.put("attempts", rs.getInt("attempts"));
                    j.put("maxAttempts", rs.getInt("max_attempts"));
                    UUID worker = rs.getObject("worker_id", UUID.class);
                    j.put("workerId", worker == null ? null : worker.toString());
                    j.put("createdAt", rs.getTimestamp("created_at").toInstant().toString());
                    j.put("deadline", rs.getTimestamp("deadline_at").toInstant().toString());
                    j.put("lastError", rs.getString("last_error"));
                    return j;
                })
                .list();
        Map<String, Object> overview = new LinkedHashMap<>();
        overview.put("counts", counts);
        overview.put("models", perModel);
        overview.put("jobs", jobs);
        return overview;
    }
}
