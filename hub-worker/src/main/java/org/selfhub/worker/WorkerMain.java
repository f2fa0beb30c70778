package org.selfhub.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Command-line entry of the inference worker: reads options and environment, starts a
 * {@link WorkerRuntime} and drains it on SIGTERM (finish the jobs in hand, stop leasing, deregister).
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if ((args.length == 0 && !env.containsKey("HUB_URL")) || (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")))) {
            out.print(help());
            return args.length == 0 ? 2 : 0;
        }
        if (args.length > 0 && (args[0].equals("--version") || args[0].equals("-V"))) {
            out.println("hub-worker " + version());
            return 0;
        }
        WorkerConfig config;
        try {
            config = WorkerConfig.from(args, env);
        } catch (IllegalArgumentException e) {
            err.println("hub-worker: " + e.getMessage() + "; see --help");
            return 2;
        }
        WorkerRuntime worker;
        try {
            worker = WorkerRuntime.start(config);
        } catch (IOException | RuntimeException e) {
            err.println("hub-worker: cannot start: " + e.getMessage());
            return 1;
        }
        out.println("hub-worker " + version() + ": worker " + worker.workerId() + " on " + worker.device().kind()
                + " (" + worker.device().reason() + ")");
        // SIGTERM runs shutdown hooks: drain so the jobs in hand are posted before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> worker.drain(Duration.ofMinutes(2)), "hub-worker-sigterm"));
        try {
            worker.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static String help() {
        return """
                Usage: java -jar hub-worker.jar [OPTIONS]

                An inference worker for the hub: it registers with hub-server, leases jobs,
                fetches model files through the hub and runs them with ONNX Runtime.

                Options (each overrides its environment variable):
                  --help, -h             show this help and exit
                  --version, -V          print the version and exit
                  --hub-url URL          HUB_URL: base URL of the hub (e.g. http://hub.internal:8080); required
                  --secret S             HUB_WORKER_SECRET: the worker-pool secret configured on the hub; required
                  --device D             HUB_WORKER_DEVICE: auto | cpu | cuda | cuda:N (default auto: use
                                         CUDA only if nvidia-smi lists a GPU and a probe session runs on it,
                                         else the CPU, logging why)
                  --memory-budget SIZE   HUB_WORKER_MEMORY_BUDGET: bytes loaded models may take, e.g. 4g
                                         (default half the JVM heap); least recently used models are evicted
                  --cache-dir DIR        HUB_WORKER_CACHE_DIR: model files by repo and commit
                                         (default ~/.cache/hub-worker)
                  --concurrency N        HUB_WORKER_CONCURRENCY: jobs run at once (default cores / 4, min 1)
                  --max-batch N          HUB_WORKER_MAX_BATCH: same-model jobs leased and run together (default 8)
                  --name NAME            HUB_WORKER_NAME: the name shown on the hub (default $HOSTNAME)

                With HUB_URL set, no options are needed. SIGTERM drains: the worker stops leasing,
                finishes and posts the jobs in hand, and deregisters.
                The GPU build is a separate jar: ./mvnw -Pgpu -pl hub-worker package (CUDA 12, cuDNN 9).
                """;
    }

    static String version() {
        try (InputStream in = WorkerMain.class.getResourceAsStream("/hub-worker.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
