package org.selfhub.hub.inference;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.inference}: where the client routes live, how workers authenticate, and the
 * scheduler's budgets (inference-design.md §3.6, §3.7). Every value has a default; only
 * {@code worker-secret} must be set for workers to connect (empty: every worker call answers 401).
 *
 * @param prefix             path prefix of the client routes ({@code /hf-inference})
 * @param workerSecret       the worker pool's shared secret, sent as {@code Authorization: Bearer}
 * @param waitBudget         how long a client request is held for its result (cold load included)
 * @param maxWaitBudget      the most a caller may ask for with {@code X-Scale-Up-Timeout}
 * @param leaseTtl           a lease's lifetime; heartbeats renew it
 * @param heartbeatInterval  how often workers are asked to heartbeat; 3 missed beats make a worker dead
 * @param longPoll           the longest a lease call waits for work before answering 204
 * @param pollInterval       the lease wait's re-check period when no NOTIFY arrives (delayed jobs, lost wake-ups)
 * @param delayScheduling    how long a job whose model is warm elsewhere waits before a cold worker may take it
 * @param maxAttempts        leases a job may lose (worker died, retryable failure) before it fails
 * @param maxJobsPerUser     queued plus running jobs per user; more answers 429
 * @param maxQueuedPerModel  queued jobs per model; more answers 429
 * @param maxPayloadBytes    the largest request body accepted
 * @param defaultLoadTime    the assumed cold-load time of a model never loaded before, for {@code estimated_time}
 * @param readTokenTtl       lifetime of the model-file read token handed out with a lease
 * @param reaperInterval     how often expired leases and dead workers are swept
 * @param retainFinished     how long finished jobs and their results are kept
 * @param canonicalNamespace the namespace of one-segment model ids ({@code gpt2}); empty: they are not found
 * @param embeddedWorker     whether the hub starts an in-process CPU worker ({@link EmbeddedWorker}); with it
 *                           and no {@code worker-secret}, a random secret is generated at each start
 */
@ConfigurationProperties("hub.inference")
record InferenceProperties(String prefix, String workerSecret, Duration waitBudget, Duration maxWaitBudget,
                           Duration leaseTtl, Duration heartbeatInterval, Duration longPoll, Duration pollInterval,
                           Duration delayScheduling, int maxAttempts, int maxJobsPerUser, int maxQueuedPerModel,
                           long maxPayloadBytes, Duration defaultLoadTime, Duration readTokenTtl,
                           Duration reaperInterval, Duration retainFinished, String canonicalNamespace,
                           boolean embeddedWorker) {

    InferenceProperties {
        prefix = prefix == null || prefix.isBlank() ? "/hf-inference" : stripSlash(prefix.strip());
        workerSecret = workerSecret == null ? "" : workerSecret.strip();
        waitBudget = positive(waitBudget, Duration.ofSeconds(120));
        maxWaitBudget = positive(maxWaitBudget, Duration.ofSeconds(600));
        leaseTtl = positive(leaseTtl, Duration.ofSeconds(30));
        heartbeatInterval = positive(heartbeatInterval, Duration.ofSeconds(10));
        longPoll = positive(longPoll, Duration.ofSeconds(25));
        pollInterval = positive(pollInterval, Duration.ofSeconds(1));
        delayScheduling = delayScheduling == null ? Duration.ofMillis(500) : delayScheduling;
        maxAttempts = maxAttempts <= 0 ? 3 : maxAttempts;
        maxJobsPerUser = maxJobsPerUser <= 0 ? 8 : maxJobsPerUser;
        maxQueuedPerModel = maxQueuedPerModel <= 0 ? 200 : maxQueuedPerModel;
        maxPayloadBytes = maxPayloadBytes <= 0 ? 10L << 20 : maxPayloadBytes;
        defaultLoadTime = positive(defaultLoadTime, Duration.ofSeconds(20));
        readTokenTtl = positive(readTokenTtl, Duration.ofMinutes(15));
        reaperInterval = positive(reaperInterval, Duration.ofSeconds(2));
        retainFinished = positive(retainFinished, Duration.ofMinutes(10));
        canonicalNamespace = canonicalNamespace == null ? "" : canonicalNamespace.strip();
        if (workerSecret.isEmpty() && embeddedWorker) {
            // The embedded worker and the hub share it in-process; external workers need a configured one.
            workerSecret = generatedSecret();
        }
    }

    private static String generatedSecret() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    boolean workerProtocolEnabled() {
        return !workerSecret.isEmpty();
    }

    private static Duration positive(Duration value, Duration fallback) {
        return value == null || value.isNegative() || value.isZero() ? fallback : value;
    }

    private static String stripSlash(String p) {
        String withSlash = p.startsWith("/") ? p : "/" + p;
        return withSlash.endsWith("/") ? withSlash.substring(0, withSlash.length() - 1) : withSlash;
    }
}
