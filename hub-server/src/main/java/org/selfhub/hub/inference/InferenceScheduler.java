package org.selfhub.hub.inference;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.selfhub.hub.inference.InferenceJobs.LeaseGrant;
import org.selfhub.hub.inference.InferenceJobs.NewJob;
import org.selfhub.hub.inference.InferenceJobs.StoredResult;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The in-memory half of the scheduler on one hub instance: client requests waiting for their
 * job's result (with the wait budget, and cancellation when the client leaves), worker lease calls
 * long-polling for work (woken by NOTIFY, re-checked on a timer), and the reaper's timer. The
 * durable half is {@link JobQueue}; no thread or database connection is held while anyone waits.
 */
@Component
class InferenceScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InferenceScheduler.class);

    /** How often the clients waiting here are checked: budget spent, or hung up (every other time). */
    private static final long WATCH_MS = 250;

    private final JobQueue queue;
    private final WorkerRegistry workers;
    private final InferenceProperties properties;
    private final JobSignals signals;
    /** Made anew on each start: a stopped context (the test context cache pauses idle ones) may start again. */
    private volatile ScheduledThreadPoolExecutor executor;
    /** Clients waiting here for their job's result, by job id. */
    private final Map<UUID, Waiting> results = new ConcurrentHashMap<>();
    private final Set<LeaseWait> leaseWaits = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private long watchPasses;
    /** Enqueues in batches (group commit), handing new jobs to waiting lease calls where it can. */
    private final Batcher<NewJob, JobQueue.Enqueued> enqueues = new Batcher<>(256, this::enqueueBatch);
    /** Stores worker results in batches (group commit) and answers the clients waiting here. */
    private final Batcher<JobQueue.ResultPost, InferenceJobs.Completion> completions =
            new Batcher<>(256, this::completeBatch);

    InferenceScheduler(JobQueue queue, WorkerRegistry workers, InferenceProperties properties, DataSource dataSource) {
        this.queue = queue;
        this.workers = workers;
        this.properties = properties;
        this.signals = new JobSignals(dataSource, this::onNewJob, this::onJobDone);
    }

    private static ScheduledThreadPoolExecutor newExecutor() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(4, r -> {
            Thread t = new Thread(r, "inference-scheduler");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start() {
        executor = newExecutor();
        running = true;
        enqueues.start();
        completions.start();
        signals.start();
        long reap = properties.reaperInterval().toMillis();
        executor.scheduleWithFixedDelay(this::reap, reap, reap, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::watchWaiting, WATCH_MS, WATCH_MS, TimeUnit.MILLISECONDS);
        long poll = properties.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::pollAll, poll, poll, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        enqueues.stop();
        completions.stop();
        signals.stop();
        executor.shutdownNow();
        // Stopped before the web server's graceful shutdown: answer every held call, or it would wait
        // for them. Lease calls get "no work"; waiting clients a 503 to retry against another instance.
        leaseWaits.forEach(w -> answer(w, LeaseGrant.EMPTY));
        results.forEach((id, waiting) -> waiting.future().completeExceptionally(
                new HubException(HubErrorCode.SERVICE_UNAVAILABLE, "The hub is shutting down")
                        .withHeader("Retry-After", "5")));
        results.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void reap() {
        try {
            JobQueue.Sweep sweep = queue.sweep();
            if (sweep.requeued() + sweep.failed() + sweep.workersDied() > 0) {
                log.info("Inference reaper: {} jobs requeued, {} failed, {} workers dead", sweep.requeued(),
                        sweep.failed(), sweep.workersDied());
            }
        } catch (RuntimeException e) {
            log.warn("Inference reaper failed: {}", e.toString());
        }
    }

    // ------------------------------------------------------------------ client side

    /**
     * Enqueues the job (429 when a cap is reached) and answers its stored result once a worker
     * posts it. When the budget runs out first the job is cancelled and the future fails with 503
     * (the model is still loading: {@code estimated_time} and {@code Retry-After}) or 504.
     */
    CompletableFuture<StoredResult> submit(NewJob job, java.util.function.BooleanSupplier clientGone) {
        CompletableFuture<StoredResult> future = new CompletableFuture<>();
        results.put(job.id(), new Waiting(job, future, clientGone, System.nanoTime() + job.budgetMillis() * 1_000_000L));
        try {
            JobQueue.Enqueued enqueued = enqueues.submit(job);
            if (enqueued.refused() != null) {
                throw enqueued.refused();
            }
        } catch (RuntimeException e) {
            results.remove(job.id());
            throw e;
        }
        return future;
    }

    /** A client waiting here: its job, its answer to come, whether it hung up, when its budget ends. */
    private record Waiting(NewJob job, CompletableFuture<StoredResult> future, java.util.function.BooleanSupplier clientGone,
                           long deadlineNanos) {
    }

    /**
     * One pass over the clients waiting here (instead of two timers per job): a spent budget cancels
     * the job and answers 503 or 504; a client that hung up cancels its job (inference-design.md
     * §1.5, §3.1), checked every other pass.
     */
    private void watchWaiting() {
        long now = System.nanoTime();
        boolean probe = (++watchPasses & 1) == 0;
        for (Waiting w : results.values()) {
            if (now - w.deadlineNanos() >= 0) {
                if (results.remove(w.job().id(), w)) {
                    executor.execute(() -> budgetSpent(w));
                }
            } else if (probe && !w.future().isDone() && w.clientGone().getAsBoolean()) {
                abandon(w.job().id());
                w.future().completeExceptionally(new HubException(HubErrorCode.BAD_REQUEST, "Client disconnected"));
            }
        }
    }

    /**
     * One batch of new jobs: reserves the idle lease calls that hold a batch's model warm (one per
     * worker); in one transaction, asks the models' placement once, refuses what cannot be queued
     * and enqueues the rest with the reserved calls as offers; then answers the calls that were
     * handed jobs, lets the others go, and wakes this instance's lease calls for the jobs left
     * queued, without waiting for the NOTIFY.
     */
    private List<JobQueue.Enqueued> enqueueBatch(List<NewJob> batch) {
        Set<String> models = new HashSet<>();
        batch.forEach(j -> models.add(j.modelId()));
        List<LeaseWait> reserved = reserve(models, batch.size());
        List<JobQueue.Offer> offers = reserved.stream()
                .map(w -> new JobQueue.Offer(w.ask.workerId(), w.ask.warm(), w.ask.limit())).toList();
        List<JobQueue.Enqueued> out;
        try {
            out = queue.withGenericPlans(() -> admit(batch, models, offers));
        } catch (RuntimeException e) {
            reserved.forEach(this::release);
            throw e;
        }
        Map<UUID, List<InferenceJobs.LeasedJob>> handed = new HashMap<>();
        for (JobQueue.Enqueued e : out) {
            if (e.leased() != null) {
                handed.computeIfAbsent(e.workerId(), k -> new ArrayList<>()).add(e.leased());
            }
        }
        for (LeaseWait w : reserved) {
            List<InferenceJobs.LeasedJob> mine = handed.get(w.ask.workerId());
            if (mine != null && !answer(w, new LeaseGrant(mine, List.of()))) {
                // The worker hung up in between: the jobs go back to the queue (failing that, the
                // reaper requeues them when their lease expires).
                try {
                    queue.unlease(mine);
                } catch (RuntimeException e) {
                    log.warn("Could not requeue {} jobs of a lease call that went away: {}", mine.size(), e.toString());
                }
            }
            release(w);
        }
        for (int i = 0; i < batch.size(); i++) {
            if (out.get(i).refused() == null && out.get(i).leased() == null) {
                wakeFor(batch.get(i).modelId());
            }
        }
        return out;
    }

    /** Idle lease calls that hold one of the models warm, one per worker, at most {@code max}. */
    private List<LeaseWait> reserve(Set<String> models, int max) {
        List<LeaseWait> reserved = new ArrayList<>();
        Set<UUID> workersReserved = new HashSet<>();
        for (LeaseWait w : leaseWaits) {
            if (reserved.size() >= max) {
                break;
            }
            if (w.done.get() || workersReserved.contains(w.ask.workerId())
                    || w.ask.warm().stream().noneMatch(models::contains)) {
                continue;
            }
            if (w.busy.compareAndSet(false, true)) {
                if (w.done.get()) {
                    release(w);
                    continue;
                }
                reserved.add(w);
                workersReserved.add(w.ask.workerId());
            }
        }
        return reserved;
    }

    /** Placement refusals first (no worker, too big, cold and not waiting), then admission and enqueue. */
    private List<JobQueue.Enqueued> admit(List<NewJob> batch, Set<String> models, List<JobQueue.Offer> offers) {
        Map<String, WorkerRegistry.ModelPlacement> placements = workers.placements(models);
        JobQueue.Enqueued[] refused = new JobQueue.Enqueued[batch.size()];
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            HubException refusal = refusal(batch.get(i), placements.get(batch.get(i).modelId()));
            if (refusal != null) {
                refused[i] = new JobQueue.Enqueued(refusal, null, null);
            } else {
                jobs.add(batch.get(i));
            }
        }
        List<JobQueue.Enqueued> out = jobs.isEmpty() ? List.of() : queue.enqueueAll(jobs, offers);
        List<JobQueue.Enqueued> all = new ArrayList<>(batch.size());
        int next = 0;
        for (JobQueue.Enqueued r : refused) {
            all.add(r != null ? r : out.get(next++));
        }
        return all;
    }

    /**
     * Why a job cannot be queued: no worker at all (503), a model too big for every worker (413), a
     * cold model the caller will not wait for (503 with {@code estimated_time}).
     */
    private HubException refusal(NewJob job, WorkerRegistry.ModelPlacement placement) {
        if (!placement.anyActive()) {
            return new HubException(HubErrorCode.SERVICE_UNAVAILABLE, "No inference worker available")
                    .withHeader("Retry-After", "30");
        }
        if (placement.memBytes() > 0 && placement.largestWorker() > 0 && placement.memBytes() > placement.largestWorker()) {
            return new HubException(HubErrorCode.PAYLOAD_TOO_LARGE, "Model " + job.modelId()
                    + " is too big to be loaded on any inference worker");
        }
        if (!placement.ready() && !job.waitsForModel()) {
            return loading(job.modelId(), placement);
        }
        return null;
    }

    /** Lets a reserved lease call go; if a claim for it was asked for meanwhile, runs it now. */
    private void release(LeaseWait w) {
        w.busy.set(false);
        if (w.again && !w.done.get()) {
            executor.execute(() -> tryClaim(w));
        }
    }

    /** The client went away: a job not yet answered is cancelled, so no worker claims it (or it stops). */
    void abandon(UUID jobId) {
        Waiting waiting = results.remove(jobId);
        if (waiting != null && !waiting.future().isDone()) {
            executor.execute(() -> {
                try {
                    queue.cancel(jobId);
                } catch (RuntimeException e) {
                    log.warn("Could not cancel inference job {}: {}", jobId, e.toString());
                }
            });
        }
    }

    /** Stores workers' result posts (in the next batch) and returns how each went. */
    List<InferenceJobs.Completion> complete(List<JobQueue.ResultPost> posts) {
        return completions.submitAll(posts);
    }

    private List<InferenceJobs.Completion> completeBatch(List<JobQueue.ResultPost> posts) {
        List<InferenceJobs.Completion> out = queue.completeAll(posts, results::containsKey);
        for (int i = 0; i < posts.size(); i++) {
            if (out.get(i).outcome() == InferenceJobs.PostOutcome.STORED) {
                resultStored(posts.get(i).jobId(), out.get(i).stored());
            }
        }
        return out;
    }

    /** A result stored by this instance: answer its client at once, if it waits here. */
    private void resultStored(UUID jobId, StoredResult result) {
        Waiting waiting = results.remove(jobId);
        if (waiting != null) {
            waiting.future().complete(result);
        }
    }

    private void onJobDone(String id) {
        UUID jobId;
        try {
            jobId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (results.containsKey(jobId)) {
            executor.execute(() -> queue.result(jobId).ifPresent(r -> resultStored(jobId, r)));
        }
    }

    private void budgetSpent(Waiting waiting) {
        NewJob job = waiting.job();
        CompletableFuture<StoredResult> future = waiting.future();
        if (future.isDone()) {
            return;
        }
        try {
            Optional<String> was = queue.cancel(job.id());
            if (was.isEmpty()) {
                // Finished in the meantime (or purged): answer with what was stored. Or the reaper
                // dropped it for its deadline a moment before this timer fired: the budget ran out.
                Optional<StoredResult> stored = queue.result(job.id());
                if (stored.isPresent()) {
                    future.complete(stored.get());
                    return;
                }
                if (!queue.state(job.id()).filter("cancelled"::equals).isPresent()) {
                    future.completeExceptionally(new HubException(HubErrorCode.INTERNAL, "unknown error"));
                    return;
                }
            }
            WorkerRegistry.ModelPlacement placement = workers.placement(job.modelId());
            if (!placement.ready()) {
                future.completeExceptionally(loading(job.modelId(), placement));
            } else {
                future.completeExceptionally(new HubException(HubErrorCode.INTERNAL, "Model " + job.modelId()
                        + " did not answer within " + job.budgetMillis() / 1000.0 + " s",
                        HttpStatus.GATEWAY_TIMEOUT, Map.of(), Map.of()));
            }
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
    }

    /** 503 {@code {"error":"Model x is currently loading","estimated_time":n}} with {@code Retry-After}. */
    HubException loading(String modelId, WorkerRegistry.ModelPlacement placement) {
        double load = placement.loadMillis() >= 0 ? placement.loadMillis() / 1000.0
                : properties.defaultLoadTime().toMillis() / 1000.0;
        double elapsed = 0;
        if (placement.loadingSince() != null) {
            Instant now = workers.now();
            elapsed = Duration.between(placement.loadingSince(), now).toMillis() / 1000.0;
        }
        double estimate = Math.max(1.0, Math.round((load - elapsed) * 10) / 10.0);
        return new HubException(HubErrorCode.SERVICE_UNAVAILABLE, "Model " + modelId + " is currently loading")
                .withBodyField("estimated_time", estimate)
                .withHeader("Retry-After", Long.toString((long) Math.ceil(estimate)));
    }

    // ------------------------------------------------------------------ worker side

    /** A request for work from a worker, as the lease call's body gives it. */
    record LeaseAsk(UUID workerId, List<String> warm, int limit, boolean mayLoad, Long memFree) {
    }

    /**
     * Answers a lease call: at once when there is work, else when a NOTIFY or the re-check timer
     * finds some, else with an empty grant after {@code wait}. Returns a handle that cancels the
     * wait (the worker hung up).
     */
    Runnable lease(LeaseAsk ask, Duration wait, Consumer<LeaseGrant> reply) {
        LeaseWait w = new LeaseWait(ask, System.nanoTime() + wait.toNanos(), reply);
        if (tryClaim(w)) {
            return () -> { };
        }
        leaseWaits.add(w);
        // Registered after the first try: a job enqueued in between is caught by the timer.
        return () -> {
            w.done.set(true);
            leaseWaits.remove(w);
        };
    }

    /** Lease calls held on this instance, waiting for work. */
    int waitingLeaseCalls() {
        return leaseWaits.size();
    }

    private void onNewJob(String payload) {
        String modelId = queue.newJobModel(payload);
        if (modelId != null) {
            wakeFor(modelId);
        }
    }

    private void wakeFor(String modelId) {
        if ("*".equals(modelId)) {
            leaseWaits.forEach(w -> executor.execute(() -> tryClaim(w)));
            return;
        }
        // Wake one waiter per new job, preferring one that holds the model warm: no thundering herd.
        LeaseWait chosen = null;
        for (LeaseWait w : leaseWaits) {
            if (w.busy.get()) {
                continue;
            }
            if (w.ask.warm().contains(modelId)) {
                chosen = w;
                break;
            }
            if (chosen == null) {
                chosen = w;
            }
        }
        if (chosen != null) {
            LeaseWait target = chosen;
            executor.execute(() -> tryClaim(target));
        }
    }

    private void pollAll() {
        for (LeaseWait w : leaseWaits) {
            executor.execute(() -> tryClaim(w));
        }
    }

    /** One claim for a waiting lease call; true when the call was answered. */
    private boolean tryClaim(LeaseWait w) {
        if (w.done.get()) {
            return true;
        }
        if (!w.busy.compareAndSet(false, true)) {
            w.again = true;
            return false;
        }
        try {
            do {
                w.again = false;
                LeaseGrant grant;
                try {
                    grant = queue.claim(w.ask.workerId(), w.ask.warm(), w.ask.limit(), w.ask.mayLoad(),
                            w.ask.memFree());
                } catch (RuntimeException e) {
                    log.warn("Inference claim failed for worker {}: {}", w.ask.workerId(), e.toString());
                    grant = LeaseGrant.EMPTY;
                }
                if (!grant.isEmpty()) {
                    answer(w, grant);
                    return true;
                }
            } while (w.again && !w.done.get());
            if (System.nanoTime() >= w.deadline) {
                answer(w, LeaseGrant.EMPTY);
                return true;
            }
            return false;
        } finally {
            w.busy.set(false);
        }
    }

    /** Answers a lease call once; false when it was answered or cancelled before. */
    private boolean answer(LeaseWait w, LeaseGrant grant) {
        if (w.done.compareAndSet(false, true)) {
            leaseWaits.remove(w);
            w.reply.accept(grant);
            return true;
        }
        return false;
    }

    private static final class LeaseWait {
        final LeaseAsk ask;
        final long deadline;
        final Consumer<LeaseGrant> reply;
        final AtomicBoolean busy = new AtomicBoolean();
        final AtomicBoolean done = new AtomicBoolean();
        volatile boolean again;

        LeaseWait(LeaseAsk ask, long deadline, Consumer<LeaseGrant> reply) {
            this.ask = ask;
            this.deadline = deadline;
            this.reply = reply;
        }
    }
}
