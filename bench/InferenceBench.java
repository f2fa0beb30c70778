// Load generator for bench/inference.sh (issue 9): simulated inference workers speaking the worker
// protocol of docs/inference-protocol.md, and clients calling POST /hf-inference/models/{id}.
// Java 17 single-file program, JDK only:  java bench/InferenceBench.java <phase> <hub-url> <admin-token> <worker-secret> [args]
// Phases (each prints one line "RESULT key=value ..." for the shell script):
//   seed <prefix> <n> <pipeline_tag>     create n public models admin/<prefix>-<i> with README front matter
//   overhead <model> <n>                 1 echo worker, sequential client calls: latency minus worker time
//   throughput <prefix> <models> <workers> <jobs> <concurrency>
//   affinity <prefix> <models> <workers> <modelsPerWorker> <jobs> <concurrency>
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public class InferenceBench {

    static String hub, adminToken, secret;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(8)).build();

    public static void main(String[] a) throws Exception {
        String phase = a[0];
        hub = a[1];
        adminToken = a[2];
        secret = a[3];
        switch (phase) {
            case "seed": seed(a[4], Integer.parseInt(a[5]), a[6]); break;
            case "overhead": overhead(a[4], Integer.parseInt(a[5])); break;
            case "throughput": throughput(a[4], Integer.parseInt(a[5]), Integer.parseInt(a[6]), Integer.parseInt(a[7]),
                    Integer.parseInt(a[8])); break;
            case "affinity": affinity(a[4], Integer.parseInt(a[5]), Integer.parseInt(a[6]), Integer.parseInt(a[7]),
                    Integer.parseInt(a[8]), Integer.parseInt(a[9])); break;
            default: throw new IllegalArgumentException(phase);
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ HTTP helpers

    static HttpResponse<String> send(String method, String path, String bearer, String contentType, String body,
                                     String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub + path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        if (contentType != null) b.header("Content-Type", contentType);
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        for (int attempt = 0; ; attempt++) {
            try {
                return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                if (attempt >= 2) throw new RuntimeException(method + " " + path + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeException(e);
            }
        }
    }

    static void seed(String prefix, int n, String tag) {
        for (int i = 0; i < n; i++) {
            String name = prefix + "-" + i;
            HttpResponse<String> r = send("POST", "/api/repos/create", adminToken, "application/json",
                    "{\"name\":\"" + name + "\",\"type\":\"model\",\"private\":false}");
            if (r.statusCode() != 200 && r.statusCode() != 409) throw new IllegalStateException("create " + name + ": " + r.statusCode() + " " + r.body());
            String readme = "---\npipeline_tag: " + tag + "\nlibrary_name: transformers\n---\n# " + name + "\n";
            String ndjson = "{\"key\":\"header\",\"value\":{\"summary\":\"card\",\"description\":\"\"}}\n"
                    + "{\"key\":\"file\",\"value\":{\"path\":\"README.md\",\"content\":\""
                    + Base64.getEncoder().encodeToString(readme.getBytes(StandardCharsets.UTF_8)) + "\",\"encoding\":\"base64\"}}\n";
            r = send("POST", "/api/models/admin/" + name + "/commit/main", adminToken, "application/x-ndjson", ndjson);
            if (r.statusCode() != 200) throw new IllegalStateException("commit " + name + ": " + r.statusCode() + " " + r.body());
            r = send("GET", "/api/models/admin/" + name, adminToken, null, null);
            Object tagNow = ((Map<?, ?>) Json.parse(r.body())).get("pipeline_tag");
            if (!tag.equals(tagNow)) throw new IllegalStateException(name + " pipeline_tag is " + tagNow);
        }
        System.out.println("RESULT seeded=" + n);
    }

    // ------------------------------------------------------------------ simulated worker

    /** A simulated worker: registers, heartbeats, long-polls leases and posts echo results. */
    static final class SimWorker {
        final String name;
        final long memTotal;
        final int freeSlots;
        final int serviceMillis;
        final int loadMillis;
        final long modelBytes;
        final int modelRoom;
        String id;
        double heartbeatS = 10;
        volatile boolean stop;
        /** Models held, least recently used first. */
        final LinkedHashMap<String, String> loaded = new LinkedHashMap<>(16, 0.75f, true);
        final Set<String> inFlight = ConcurrentHashMap.newKeySet();
        final Map<String, AtomicInteger> posted;     // job id -> stored results (shared by all workers)
        final AtomicInteger warmJobs = new AtomicInteger(), coldJobs = new AtomicInteger(), loads = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger(), conflicts = new AtomicInteger(), leases = new AtomicInteger();
        final AtomicLong workerNanos = new AtomicLong();
        /** Per job (overhead phase): when its lease arrived, when the result post was answered. */
        volatile long lastLeaseAt, lastPostedAt, lastPostStart;
        final AtomicInteger postsAnswered = new AtomicInteger();
        Thread leaseThread, beatThread;

        SimWorker(String name, long memTotal, int freeSlots, int serviceMillis, int loadMillis, long modelBytes,
                  int modelRoom, Map<String, AtomicInteger> posted) {
            this.name = name; this.memTotal = memTotal; this.freeSlots = freeSlots; this.serviceMillis = serviceMillis;
            this.loadMillis = loadMillis; this.modelBytes = modelBytes; this.modelRoom = modelRoom; this.posted = posted;
        }

        void start() {
            String body = "{\"name\":\"" + name + "\",\"version\":\"bench\",\"runtimes\":[\"sim\"],\"device\":{\"kind\":\"cpu\",\"name\":\"sim\","
                    + "\"memTotal\":" + memTotal + ",\"memFree\":" + memTotal + "},\"cpuCores\":1,\"ramBytes\":" + memTotal
                    + ",\"maxConcurrency\":" + freeSlots + ",\"maxBatch\":" + freeSlots + ",\"tasks\":[\"text-classification\"]}";
            HttpResponse<String> r = send("POST", "/internal/inference/workers", secret, "application/json", body);
            if (r.statusCode() != 201) throw new IllegalStateException("register: " + r.statusCode() + " " + r.body());
            Map<?, ?> reply = (Map<?, ?>) Json.parse(r.body());
            id = (String) reply.get("workerId");
            heartbeatS = ((Number) reply.get("heartbeatIntervalS")).doubleValue();
            leaseThread = new Thread(this::leaseLoop, name + "-lease");
            beatThread = new Thread(this::beatLoop, name + "-beat");
            leaseThread.setDaemon(true);
            beatThread.setDaemon(true);
            beatThread.start();
            leaseThread.start();
        }

        synchronized long memFree() {
            return memTotal - (long) loaded.size() * modelBytes;
        }

        synchronized String modelsJson() {
            StringBuilder sb = new StringBuilder("[");
            for (Map.Entry<String, String> m : loaded.entrySet()) {
                if (sb.length() > 1) sb.append(',');
                sb.append("{\"modelId\":\"").append(m.getKey()).append("\",\"sha\":\"").append(m.getValue())
                        .append("\",\"state\":\"ready\",\"bytes\":").append(modelBytes).append('}');
            }
            return sb.append(']').toString();
        }

        synchronized String warmJson() {
            StringBuilder sb = new StringBuilder("[");
            for (String m : loaded.keySet()) {
                if (sb.length() > 1) sb.append(',');
                sb.append('"').append(m).append('"');
            }
            return sb.append(']').toString();
        }

        void beat() {
            StringBuilder ids = new StringBuilder("[");
            for (String j : inFlight) {
                if (ids.length() > 1) ids.append(',');
                ids.append('"').append(j).append('"');
            }
            ids.append(']');
            HttpResponse<String> r = send("POST", "/internal/inference/workers/" + id + "/heartbeat", secret, "application/json",
                    "{\"models\":" + modelsJson() + ",\"memFree\":" + memFree() + ",\"inFlight\":" + ids + "}");
            if (r.statusCode() == 200) {
                for (Object m : (List<?>) ((Map<?, ?>) Json.parse(r.body())).get("unload")) {
                    synchronized (this) { loaded.remove((String) m); }
                }
            }
        }

        void beatLoop() {
            while (!stop) {
                try {
                    Thread.sleep((long) (heartbeatS * 1000));
                    beat();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!stop) System.err.println(name + " heartbeat: " + e);
                }
            }
        }

        void leaseLoop() {
            while (!stop) {
                try {
                    HttpResponse<String> r = send("POST", "/internal/inference/workers/" + id + "/lease?wait=1", secret,
                            "application/json", "{\"freeSlots\":" + freeSlots + ",\"warm\":" + warmJson() + ",\"memFree\":"
                                    + memFree() + ",\"mayLoad\":true}");
                    if (r.statusCode() == 204) continue;
                    if (r.statusCode() != 200) throw new IllegalStateException("lease: " + r.statusCode() + " " + r.body());
                    lastLeaseAt = System.nanoTime();
                    leases.incrementAndGet();
                    Map<?, ?> grant = (Map<?, ?>) Json.parse(r.body());
                    List<?> jobs = (List<?>) grant.get("jobs");
                    for (Object j : jobs) inFlight.add((String) ((Map<?, ?>) j).get("jobId"));
                    synchronized (this) {
                        for (Object m : (List<?>) grant.get("unload")) loaded.remove((String) m);
                    }
                    List<String[]> results = new ArrayList<>();
                    for (Object o : jobs) results.add(run((Map<?, ?>) o));
                    post(results);
                } catch (RuntimeException e) {
                    if (!stop) {
                        System.err.println(name + " lease: " + e);
                        try { Thread.sleep(200); } catch (InterruptedException ie) { return; }
                    }
                }
            }
        }

        /** Runs one job: {jobId, result body}. */
        String[] run(Map<?, ?> job) {
            long t0 = System.nanoTime();
            String jobId = (String) job.get("jobId");
            String model = (String) job.get("modelId");
            boolean warm;
            synchronized (this) {
                warm = loaded.containsKey(model);
                if (warm) loaded.get(model); // touch: most recently used
            }
            if (warm) {
                warmJobs.incrementAndGet();
            } else {
                coldJobs.incrementAndGet();
                loads.incrementAndGet();
                sleep(loadMillis);
                synchronized (this) {
                    // The hub names evictions in the grant; the worker still owns its LRU (design §3.4).
                    while (loaded.size() >= modelRoom) loaded.remove(loaded.keySet().iterator().next());
                    loaded.put(model, (String) job.get("sha"));
                }
            }
            sleep(serviceMillis);
            Map<?, ?> payload = (Map<?, ?>) job.get("payload");
            String body = "{\"jobId\":\"" + jobId + "\",\"leaseToken\":\"" + job.get("leaseToken")
                    + "\",\"status\":200,\"contentType\":\"application/json\",\"body\":{\"jobId\":\"" + jobId + "\",\"worker\":\""
                    + name + "\",\"warm\":" + warm + ",\"inputs\":" + Json.quote(String.valueOf(payload.get("inputs"))) + "}}";
            workerNanos.addAndGet(System.nanoTime() - t0);
            return new String[] {jobId, body};
        }

        /** Posts the results of one lease in one call, as the hub-worker does for a batch. */
        void post(List<String[]> results) {
            StringBuilder body = new StringBuilder("{\"results\":[");
            for (String[] r : results) {
                if (body.charAt(body.length() - 1) != '[') body.append(',');
                body.append(r[1]);
            }
            body.append("]}");
            lastPostStart = System.nanoTime();
            HttpResponse<String> r = send("POST", "/internal/inference/results", secret, "application/json", body.toString());
            lastPostedAt = System.nanoTime();
            postsAnswered.incrementAndGet();
            if (r.statusCode() != 200) {
                conflicts.addAndGet(results.size());
                System.err.println(name + " results: " + r.statusCode() + " " + r.body());
                results.forEach(x -> inFlight.remove(x[0]));
                return;
            }
            List<?> outcomes = (List<?>) ((Map<?, ?>) Json.parse(r.body())).get("outcomes");
            for (int i = 0; i < results.size(); i++) {
                String jobId = results.get(i)[0];
                String outcome = (String) ((Map<?, ?>) outcomes.get(i)).get("outcome");
                inFlight.remove(jobId);
                if (outcome.equals("stored")) {
                    posted.computeIfAbsent(jobId, k -> new AtomicInteger()).incrementAndGet();
                } else if (outcome.equals("duplicate")) {
                    duplicates.incrementAndGet();
                } else {
                    conflicts.incrementAndGet();
                    System.err.println(name + " result " + jobId + ": " + outcome);
                }
            }
        }

        void close() {
            stop = true;
            try { leaseThread.join(5000); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            beatThread.interrupt();
            send("DELETE", "/internal/inference/workers/" + id, secret, null, null);
        }
    }

    static void sleep(int ms) {
        if (ms <= 0) return;
        try { Thread.sleep(ms); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    }

    // ------------------------------------------------------------------ client

    record Call(int status, long nanos, String jobId, String bodyJobId, String inputs, String worker, boolean warm, String error) {
    }

    static Call infer(String model, String input) {
        long t0 = System.nanoTime();
        HttpResponse<String> r = send("POST", "/hf-inference/models/" + model, adminToken, "application/json",
                "{\"inputs\":" + Json.quote(input) + "}");
        long nanos = System.nanoTime() - t0;
        if (r.statusCode() != 200) return new Call(r.statusCode(), nanos, null, null, null, null, false, r.body());
        Map<?, ?> b = (Map<?, ?>) Json.parse(r.body());
        return new Call(200, nanos, r.headers().firstValue("x-inference-id").orElse(null), (String) b.get("jobId"),
                (String) b.get("inputs"), (String) b.get("worker"), Boolean.TRUE.equals(b.get("warm")), null);
    }

    // ------------------------------------------------------------------ where the time goes

    /** CPU seconds used so far by a process and, optionally, all its descendants (Linux /proc). */
    static double cpuSeconds(long pid, boolean withChildren) {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        if (withChildren) {
            ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        }
        double ticks = 0;
        for (long p : pids) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + p + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);   // utime, stime
            } catch (java.io.IOException | RuntimeException e) {
                // gone in the meantime
            }
        }
        return ticks / 100.0;   // USER_HZ
    }

    /** One psql query against the hub's PostgreSQL, or null without psql / port. */
    static String psql(String sql) {
        String port = System.getenv("BENCH_PG_PORT");
        if (port == null || port.isEmpty()) return null;
        try {
            Process p = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "postgres", "-Atc", sql)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? out : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Committed transactions in the hub's PostgreSQL (all databases), or -1 without psql. */
    static long pgCommits() {
        String out = psql("select sum(xact_commit) from pg_stat_database");
        try {
            return out == null ? -1 : Long.parseLong(out);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Samples pg_stat_activity every 250 ms while {@code running}: the hub's connections running a
     * statement, those waiting for a lock, and those waiting for the per-user fair-share row lock of
     * an enqueue. Returns the averages per sample.
     */
    static final class PgSampler extends Thread {
        volatile boolean running = true;
        long samples, active, locked, fairShare;

        PgSampler() { setDaemon(true); }

        @Override
        public void run() {
            while (running) {
                String out = psql("select count(*) filter (where state = 'active'), count(*) filter (where wait_event_type = 'Lock'),"
                        + " count(*) filter (where wait_event_type = 'Lock' and query like 'INSERT INTO inference_fair_share%')"
                        + " from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()");
                if (out == null) return;
                String[] f = out.split("\\|");
                samples++;
                active += Long.parseLong(f[0]);
                locked += Long.parseLong(f[1]);
                fairShare += Long.parseLong(f[2]);
                InferenceBench.sleep(250);
            }
        }

        String summary() {
            double n = Math.max(1, samples);
            return String.format(java.util.Locale.ROOT, "pg_samples=%d pg_active=%.2f pg_lock_wait=%.2f pg_fair_share_wait=%.2f",
                    samples, active / n, locked / n, fairShare / n);
        }
    }

    /** Snapshot of CPU used by the hub, PostgreSQL and this driver, and of commits. */
    record Usage(double hub, double pg, double driver, long commits) {
        static Usage now() {
            long hubPid = Long.parseLong(System.getenv().getOrDefault("BENCH_HUB_PID", "0"));
            long pgPid = Long.parseLong(System.getenv().getOrDefault("BENCH_PG_PID", "0"));
            return new Usage(hubPid > 0 ? cpuSeconds(hubPid, false) : 0, pgPid > 0 ? cpuSeconds(pgPid, true) : 0,
                    cpuSeconds(ProcessHandle.current().pid(), false), pgCommits());
        }

        String perJob(Usage before, int jobs) {
            return String.format(java.util.Locale.ROOT, "cpu_hub_ms=%.2f cpu_pg_ms=%.2f cpu_driver_ms=%.2f commits_per_job=%.2f",
                    (hub - before.hub) * 1000 / jobs, (pg - before.pg) * 1000 / jobs, (driver - before.driver) * 1000 / jobs,
                    commits < 0 ? -1.0 : (commits - before.commits) / (double) jobs);
        }
    }

    static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    // ------------------------------------------------------------------ phases

    static void overhead(String model, int n) {
        Map<String, AtomicInteger> posted = new ConcurrentHashMap<>();
        SimWorker w = new SimWorker("bench-echo", 1L << 40, 1, 0, 0, 1, 100, posted);
        w.start();
        // Steady state, as the other benchmarks measure it: both JVMs' JIT (C2 needs thousands of calls),
        // the connection pools, the model warm. 30 calls left the hub and this driver half-interpreted.
        int warmup = Integer.getInteger("bench.warmup", 2000);
        for (int i = 0; i < warmup; i++) {
            check(infer(model, "warmup " + i));
            send("GET", "/api/models/" + model, adminToken, null, null);
        }
        long[] total = new long[n], floor = new long[n], toLease = new long[n], post = new long[n], toClient = new long[n];
        long workerBefore = w.workerNanos.get();
        long commitsBefore = pgCommits();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            send("GET", "/api/models/" + model, adminToken, null, null);
            floor[i] = System.nanoTime() - t0;
            long start = System.nanoTime();
            int postsBefore = w.postsAnswered.get();
            Call c = check(infer(model, "overhead " + i));
            long end = System.nanoTime();
            total[i] = c.nanos();
            // The client may be answered before the worker has read the hub's answer to its post.
            while (w.postsAnswered.get() == postsBefore) Thread.onSpinWait();
            // The client's call in legs: until the worker holds the lease (admission, enqueue, NOTIFY,
            // claim, lease answer); the result post's round trip; result post sent -> client answered.
            toLease[i] = w.lastLeaseAt - start;
            post[i] = w.lastPostedAt - w.lastPostStart;
            toClient[i] = end - w.lastPostStart;
        }
        Arrays.sort(toLease);
        Arrays.sort(post);
        Arrays.sort(toClient);
        double workerMsPerJob = (w.workerNanos.get() - workerBefore) / 1e6 / n;
        long commitsAfter = pgCommits();
        w.close();
        Arrays.sort(total);
        Arrays.sort(floor);
        System.out.printf(java.util.Locale.ROOT, "RESULT n=%d p50=%.2f p90=%.2f p99=%.2f worker_ms=%.3f floor_p50=%.2f floor_p99=%.2f"
                        + " lease_p50=%.2f post_p50=%.2f answer_p50=%.2f commits_per_call=%.2f%n",
                n, pct(total, 50), pct(total, 90), pct(total, 99), workerMsPerJob, pct(floor, 50), pct(floor, 99),
                pct(toLease, 50), pct(post, 50), pct(toClient, 50),
                commitsBefore < 0 ? -1.0 : (commitsAfter - commitsBefore) / (double) n);
    }

    static Call check(Call c) {
        if (c.status() != 200) throw new IllegalStateException("inference call: " + c.status() + " " + c.error());
        return c;
    }

    static List<Call> submitAll(List<String> models, int jobs, int concurrency, long seed) throws InterruptedException {
        Random random = new Random(seed);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(jobs);
        for (int i = 0; i < jobs; i++) {
            String model = models.get(random.nextInt(models.size()));
            String input = "job " + i;
            pool.execute(() -> {
                try {
                    calls.add(infer(model, input));
                } catch (RuntimeException e) {
                    calls.add(new Call(-1, 0, null, null, input, null, false, e.toString()));
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        pool.shutdown();
        return calls;
    }

    static String checkExactlyOnce(List<Call> calls, Map<String, AtomicInteger> posted, int jobs) {
        Map<String, Integer> clientIds = new HashMap<>();
        int ok = 0, mismatched = 0;
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (Call c : calls) {
            statuses.merge(c.status(), 1, Integer::sum);
            if (c.status() != 200) continue;
            ok++;
            clientIds.merge(c.jobId(), 1, Integer::sum);
            if (!c.jobId().equals(c.bodyJobId())) mismatched++;
        }
        long clientDup = clientIds.values().stream().filter(v -> v != 1).count();
        long workerDup = posted.values().stream().filter(v -> v.get() != 1).count();
        boolean sameSet = clientIds.keySet().equals(posted.keySet());
        boolean exactlyOnce = ok == jobs && clientIds.size() == jobs && posted.size() == jobs && clientDup == 0
                && workerDup == 0 && mismatched == 0 && sameSet;
        calls.stream().filter(c -> c.status() != 200).limit(3).forEach(c -> System.err.println("failed call: " + c));
        return "ok=" + ok + " statuses=" + statuses.toString().replace(" ", "") + " client_ids=" + clientIds.size()
                + " worker_stored=" + posted.size() + " client_dup=" + clientDup + " worker_dup=" + workerDup
                + " mismatched=" + mismatched + " same_set=" + sameSet + " exactly_once=" + exactlyOnce;
    }

    static List<String> models(String prefix, int n) {
        List<String> m = new ArrayList<>();
        for (int i = 0; i < n; i++) m.add("admin/" + prefix + "-" + i);
        return m;
    }

    static void throughput(String prefix, int nModels, int nWorkers, int jobs, int concurrency) throws Exception {
        List<String> models = models(prefix, nModels);
        Map<String, AtomicInteger> posted = new ConcurrentHashMap<>();
        List<SimWorker> workers = new ArrayList<>();
        for (int i = 0; i < nWorkers; i++) {
            SimWorker w = new SimWorker("bench-tp-" + i, 1L << 40, 8, 0, 0, 1, 1000, posted);
            w.start();
            workers.add(w);
        }
        // Warm-up (not counted), at the same concurrency: the JIT compiles the concurrent paths (lock
        // waits, async completion) the sequential overhead phase never took, which takes a while with
        // one C2 thread on 2 cores (a profile after 2,000 warm-up jobs still showed the compilers at a
        // sixth of the hub's CPU); also connection pools, and every worker sees the models.
        List<Call> warm = submitAll(models, Integer.getInteger("bench.tpWarmup", 10_000), concurrency, 1);
        warm.stream().filter(c -> c.status() != 200).limit(3).forEach(c -> System.err.println("warm-up call failed: " + c));
        posted.clear();
        // Reference in the same run: plain GET /api/models/{id} (HTTP, auth, one repository lookup).
        List<Long> getLat = Collections.synchronizedList(new ArrayList<>());
        ExecutorService getPool = Executors.newFixedThreadPool(concurrency);
        CountDownLatch gets = new CountDownLatch(jobs);
        long g0 = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            String m = models.get(i % models.size());
            getPool.execute(() -> {
                try {
                    send("GET", "/api/models/" + m, adminToken, null, null);
                } finally {
                    gets.countDown();
                }
            });
        }
        gets.await();
        double getRate = jobs / ((System.nanoTime() - g0) / 1e9);
        getPool.shutdown();
        // Rounds of `jobs` jobs each (bench.tpRounds, 3 by default): a round takes 1 to 2 s here, so a
        // single one varies by 10 to 20 %; the median is reported, with every round's rate.
        int rounds = Integer.getInteger("bench.tpRounds", 3);
        int leasesBefore = workers.stream().mapToInt(w -> w.leases.get()).sum();
        Usage before = Usage.now();
        PgSampler sampler = new PgSampler();
        sampler.start();
        List<Call> calls = new ArrayList<>();
        double[] rates = new double[rounds];
        double seconds = 0;
        String exactlyOnce = "";
        for (int r = 0; r < rounds; r++) {
            posted.clear();
            long t0 = System.nanoTime();
            List<Call> round = submitAll(models, jobs, concurrency, 2 + r);
            double s = (System.nanoTime() - t0) / 1e9;
            seconds += s;
            rates[r] = jobs / s;
            calls.addAll(round);
            Thread.sleep(500);  // results posted after the client's answer are still counted
            String check = checkExactlyOnce(round, posted, jobs);
            if (r == 0 || !check.endsWith("exactly_once=true")) {
                exactlyOnce = check;
            }
        }
        sampler.running = false;
        String usage = Usage.now().perJob(before, jobs * rounds) + " " + sampler.summary();
        workers.forEach(SimWorker::close);
        double[] sortedRates = rates.clone();
        Arrays.sort(sortedRates);
        StringBuilder each = new StringBuilder();
        for (double r : rates) each.append(each.length() == 0 ? "" : "/").append(Math.round(r));
        long[] lat = calls.stream().filter(c -> c.status() == 200).mapToLong(Call::nanos).sorted().toArray();
        int leases = workers.stream().mapToInt(w -> w.leases.get()).sum() - leasesBefore;
        int conflicts = workers.stream().mapToInt(w -> w.conflicts.get()).sum();
        int dups = workers.stream().mapToInt(w -> w.duplicates.get()).sum();
        System.out.printf(java.util.Locale.ROOT, "RESULT jobs=%d rounds=%d seconds=%.2f rate=%.1f rates=%s p50=%.1f p99=%.1f leases=%d"
                        + " conflicts=%d duplicates=%d get_rate=%.1f %s %s%n",
                jobs, rounds, seconds, sortedRates[rounds / 2], each, pct(lat, 50), pct(lat, 99), leases, conflicts, dups,
                getRate, usage, exactlyOnce);
    }

    static void affinity(String prefix, int nModels, int nWorkers, int room, int jobs, int concurrency) throws Exception {
        List<String> models = models(prefix, nModels);
        Map<String, AtomicInteger> posted = new ConcurrentHashMap<>();
        long modelBytes = 1L << 30;
        // Room for `room` models of 1 GiB, not room+1.
        long memTotal = room * modelBytes + modelBytes / 2;
        List<SimWorker> workers = new ArrayList<>();
        for (int i = 0; i < nWorkers; i++) {
            SimWorker w = new SimWorker("bench-aff-" + i, memTotal, 4, 5, 300, modelBytes, room, posted);
            w.start();
            workers.add(w);
        }
        long t0 = System.nanoTime();
        List<Call> calls = submitAll(models, jobs, concurrency, 3);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(500);
        workers.forEach(SimWorker::close);
        int warmJobs = workers.stream().mapToInt(w -> w.warmJobs.get()).sum();
        int coldJobs = workers.stream().mapToInt(w -> w.coldJobs.get()).sum();
        int loads = workers.stream().mapToInt(w -> w.loads.get()).sum();
        StringBuilder perWorker = new StringBuilder();
        for (SimWorker w : workers) {
            perWorker.append(w.warmJobs.get() + w.coldJobs.get()).append('/');
        }
        System.out.printf(java.util.Locale.ROOT, "RESULT jobs=%d seconds=%.2f warm=%d cold=%d loads=%d warm_pct=%.1f per_worker=%s %s%n",
                jobs, seconds, warmJobs, coldJobs, loads, 100.0 * warmJobs / Math.max(1, warmJobs + coldJobs),
                perWorker.substring(0, perWorker.length() - 1), checkExactlyOnce(calls, posted, jobs));
    }

    // ------------------------------------------------------------------ minimal JSON

    static final class Json {
        final String s;
        int i;

        Json(String s) { this.s = s; }

        static Object parse(String s) {
            Json j = new Json(s);
            Object v = j.value();
            return v;
        }

        static String quote(String v) {
            StringBuilder sb = new StringBuilder("\"");
            for (char c : v.toCharArray()) {
                if (c == '"' || c == '\\') sb.append('\\').append(c);
                else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                else sb.append(c);
            }
            return sb.append('"').toString();
        }

        void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }

        Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++; ws();
                if (s.charAt(i) == '}') { i++; return m; }
                while (true) {
                    ws(); String k = string(); ws(); i++; // ':'
                    m.put(k, value()); ws();
                    if (s.charAt(i++) == '}') return m;
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++; ws();
                if (s.charAt(i) == ']') { i++; return l; }
                while (true) {
                    l.add(value()); ws();
                    if (s.charAt(i++) == ']') return l;
                }
            }
            if (c == '"') return string();
            if (s.startsWith("true", i)) { i += 4; return true; }
            if (s.startsWith("false", i)) { i += 5; return false; }
            if (s.startsWith("null", i)) { i += 4; return null; }
            int st = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            return Double.parseDouble(s.substring(st, i));
        }

        String string() {
            StringBuilder sb = new StringBuilder();
            i++; // opening quote
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return sb.toString();
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n': sb.append('\n'); break;
                        case 't': sb.append('\t'); break;
                        case 'r': sb.append('\r'); break;
                        case 'b': sb.append('\b'); break;
                        case 'f': sb.append('\f'); break;
                        case 'u': sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                        default: sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }
    }
}
