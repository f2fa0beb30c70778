package org.selfhub.hub.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Limits failed logins per user name and per client address (by default 10 within 5 minutes). The
 * counts live in this process's memory, so each replica counts on its own: with N replicas behind a
 * balancer an attacker gets up to N times the limit, still far from a useful guessing rate. A
 * restart forgets them. Client addresses come from {@code X-Forwarded-For} when a proxy sets it.
 */
@Component
class LoginThrottle {

    private static final int MAX_KEYS = 100_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int max;
    private final Duration window;

    LoginThrottle(Clock clock, AuthProperties properties) {
        this.clock = clock;
        this.max = properties.maxLoginFailures();
        this.window = properties.loginFailureWindow();
    }

    /** Seconds until another attempt is allowed, or empty when the user and the address may try now. */
    OptionalLong retryAfter(String user, String address) {
        Instant now = clock.instant();
        long wait = Math.max(waitSeconds(userKey(user), now), waitSeconds(addressKey(address), now));
        return wait > 0 ? OptionalLong.of(wait) : OptionalLong.empty();
    }

    void failed(String user, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_KEYS) {
            failures.entrySet().removeIf(e -> prune(e.getValue(), now) == 0);
        }
        add(userKey(user), now);
        add(addressKey(address), now);
    }

    void succeeded(String user) {
        failures.remove(userKey(user));
    }

    private void add(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
        }
    }

    private long waitSeconds(String key, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            if (prune(times, now) < max) {
                return 0;
            }
            Instant freed = times.peekFirst().plus(window);
            return Math.max(1, Duration.between(now, freed).toMillis() / 1000 + 1);
        }
    }

    private int prune(Deque<Instant> times, Instant now) {
        synchronized (times) {
            Instant oldest = now.minus(window);
            while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
                times.removeFirst();
            }
            return times.size();
        }
    }

    private static String userKey(String user) {
        return "user:" + (user == null ? "" : user.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "addr:" + address;
    }
}
