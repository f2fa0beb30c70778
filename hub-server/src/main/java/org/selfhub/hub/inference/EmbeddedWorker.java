package org.selfhub.hub.inference;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.selfhub.worker.WorkerConfig;
import org.selfhub.worker.WorkerRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The in-process inference worker ({@code hub.inference.embedded-worker}, on by default): one CPU
 * {@link WorkerRuntime} of module hub-worker that talks to this hub over its own HTTP port with the
 * pool secret, exactly like an external worker (docs/inference-protocol.md), so the one-command run
 * serves models without a second process. It starts once the application is ready (registration
 * is retried in the background until it succeeds), keeps its model files under
 * {@code ${hub.data-dir}/inference-cache}, and is drained and deregistered on shutdown, before the
 * web server stops (the highest lifecycle phase stops first).
 */
@Component
class EmbeddedWorker implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedWorker.class);
    private static final long MIN_BUDGET = 512L << 20;
    /** The most the shutdown waits for the worker to finish its jobs, drain and deregister. */
    private static final int STOP_BUDGET_S = 15;

    private final InferenceProperties properties;
    private final Environment environment;
    private volatile int port = -1;
    private volatile boolean running;
    private volatile Thread starter;
    private volatile WorkerRuntime runtime;

    EmbeddedWorker(InferenceProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    @EventListener
    void webServerStarted(WebServerInitializedEvent event) {
        String namespace = event.getApplicationContext().getServerNamespace();
        if (namespace == null || namespace.isEmpty()) {
            port = event.getWebServer().getPort(); // the application's port, not a management one
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void applicationReady() {
        if (!properties.embeddedWorker() || !running || port <= 0 || starter != null) {
            return;
        }
        Thread t = new Thread(this::startWorker, "hub-embedded-worker-start");
        t.setDaemon(true);
        starter = t;
        t.start();
    }

    private void startWorker() {
        String contextPath = environment.getProperty("server.servlet.context-path", "");
        URI hub = URI.create("http://127.0.0.1:" + port + contextPath);
        Path cache = Path.of(environment.getProperty("hub.data-dir", "./data")).toAbsolutePath().normalize()
                .resolve("inference-cache");
        long budget = Math.max(MIN_BUDGET, Runtime.getRuntime().maxMemory() / 2);
        WorkerConfig config = WorkerConfig.cpu(hub, properties.workerSecret(), cache, budget);
        long backoffMs = 500;
        while (running) {
            try {
                WorkerRuntime started = WorkerRuntime.start(config);
                synchronized (this) {
                    if (!running) {
                        started.stop();
                        return;
                    }
                    runtime = started;
                }
                LOG.info("Embedded inference worker {} started against {} (model cache {}, budget {} MiB)",
                        started.workerId(), hub, cache, budget >> 20);
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("Embedded inference worker could not register ({}); retrying in {} ms", e.getMessage(), backoffMs);
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
    }

    /** The running worker, if started (tests). */
    WorkerRuntime runtime() {
        return runtime;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        WorkerRuntime w;
        synchronized (this) {
            running = false;
            w = runtime;
            runtime = null;
        }
        Thread t = starter;
        if (t != null) {
            t.interrupt();
        }
        if (w != null) {
            // Bounded: if the hub can no longer answer (its database already stopping), the worker's calls
            // would each wait out their HTTP timeouts. Its leases then expire and are requeued by the reaper.
            Thread drain = new Thread(() -> {
                boolean finished = w.drain(Duration.ofSeconds(STOP_BUDGET_S));
                w.stop();
                LOG.info("Embedded inference worker drained{}", finished ? "" : " (jobs still running were requeued)");
            }, "hub-embedded-worker-drain");
            drain.setDaemon(true);
            drain.start();
            try {
                drain.join(STOP_BUDGET_S * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (drain.isAlive()) {
                LOG.warn("Embedded inference worker did not drain within {} s; shutting down without it", STOP_BUDGET_S);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first: the worker must drain and deregister while the web server still answers. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
