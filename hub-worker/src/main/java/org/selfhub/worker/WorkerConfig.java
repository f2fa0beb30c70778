package org.selfhub.worker;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * How a worker runs: from command-line options and environment variables ({@link #from}) or built
 * directly by an embedding application.
 *
 * @param hubUrl            base URL of the hub
 * @param secret            the worker-pool secret configured on the hub
 * @param device            {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}
 * @param memoryBudgetBytes bytes the loaded models may take (GPU memory is capped by the device too)
 * @param cacheDir          where model files are kept, by repository and commit
 * @param concurrency       jobs (batches) run at once
 * @param maxBatch          jobs asked for per lease call and run together when they share a model
 * @param name              the worker's name at registration
 */
public record WorkerConfig(URI hubUrl, String secret, String device, long memoryBudgetBytes, Path cacheDir,
                           int concurrency, int maxBatch, String name) {

    public WorkerConfig {
        if (concurrency < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("concurrency and max batch must be ≥ 1");
        }
        if (memoryBudgetBytes <= 0) {
            throw new IllegalArgumentException("memory budget must be positive");
        }
    }

    /** A CPU worker with defaults, e.g. the one hub-server may run in-process. */
    public static WorkerConfig cpu(URI hubUrl, String secret, Path cacheDir, long memoryBudgetBytes) {
        return new WorkerConfig(hubUrl, secret, "cpu", memoryBudgetBytes, cacheDir, 1, 8, "in-process");
    }

    /** Options ({@code --hub-url X} or {@code --hub-url=X}) override the environment. */
    static WorkerConfig from(String[] args, Map<String, String> env) {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option '" + a + "'");
            }
            int eq = a.indexOf('=');
            String key = eq > 0 ? a.substring(2, eq) : a.substring(2);
            if (!java.util.Set.of("hub-url", "secret", "device", "memory-budget", "cache-dir", "concurrency",
                    "max-batch", "name").contains(key)) {
                throw new IllegalArgumentException("unknown option '--" + key + "'");
            }
            String value;
            if (eq > 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option '" + a + "' needs a value");
            }
            opts.put(key, value);
        }
        String hub = pick(opts, "hub-url", env, "HUB_URL", null);
        if (hub == null || hub.isBlank()) {
            throw new IllegalArgumentException("HUB_URL (or --hub-url) is required");
        }
        String secret = pick(opts, "secret", env, "HUB_WORKER_SECRET", null);
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("HUB_WORKER_SECRET (or --secret) is required");
        }
        long halfRam = Runtime.getRuntime().maxMemory() / 2;
        int cores = Runtime.getRuntime().availableProcessors();
        String host = env.getOrDefault("HOSTNAME", "worker");
        return new WorkerConfig(URI.create(hub), secret,
                pick(opts, "device", env, "HUB_WORKER_DEVICE", "auto"),
                parseBytes(pick(opts, "memory-budget", env, "HUB_WORKER_MEMORY_BUDGET", Long.toString(Math.max(halfRam, 256L << 20)))),
                Path.of(pick(opts, "cache-dir", env, "HUB_WORKER_CACHE_DIR",
                        Path.of(System.getProperty("user.home"), ".cache", "hub-worker").toString())),
                Integer.parseInt(pick(opts, "concurrency", env, "HUB_WORKER_CONCURRENCY", Integer.toString(Math.max(1, cores / 4)))),
                Integer.parseInt(pick(opts, "max-batch", env, "HUB_WORKER_MAX_BATCH", "8")),
                pick(opts, "name", env, "HUB_WORKER_NAME", host));
    }

    private static String pick(Map<String, String> opts, String opt, Map<String, String> env, String var, String fallback) {
        String v = opts.get(opt);
        if (v == null) {
            v = env.get(var);
        }
        return v == null ? fallback : v;
    }

    /** {@code 1073741824}, {@code 512m}, {@code 4g}, {@code 4GiB}. */
    static long parseBytes(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long mult = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g' || last == 't') {
            mult = 1L << (10 * ("kmgt".indexOf(last) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            return (long) (Double.parseDouble(t) * mult);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad byte size '" + s + "'");
        }
    }
}
