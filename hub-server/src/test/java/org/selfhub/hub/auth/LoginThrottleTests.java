package org.selfhub.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTests {

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock,
            new AuthProperties(null, 10, Duration.ofMinutes(5)));

    @Test
    void blocksAUserAfterTenFailuresUntilTheOldestLeavesTheWindow() {
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.retryAfter("alice", "10.0.0." + i)).isEmpty();
            throttle.failed("alice", "10.0.0." + i);
            clock.now = clock.now.plusSeconds(10);
        }
        // first failure at t=0, now t=100 s: free again at t=300 s
        assertThat(throttle.retryAfter("ALICE", "10.9.9.9")).isEqualTo(OptionalLong.of(201));
        assertThat(throttle.retryAfter("bob", "10.9.9.9")).isEmpty();
        clock.now = Instant.parse("2025-01-01T00:05:00Z");
        assertThat(throttle.retryAfter("alice", "10.9.9.9")).isEmpty();
    }

    @Test
    void blocksAnAddressAfterTenFailuresWhateverTheUserNames() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("user" + i, "10.1.1.1");
        }
        assertThat(throttle.retryAfter("someone", "10.1.1.1")).isEqualTo(OptionalLong.of(301));
        assertThat(throttle.retryAfter("someone", "10.1.1.2")).isEmpty();
    }

    @Test
    void aSuccessfulLoginForgetsTheUsersFailures() {
        for (int i = 0; i < 9; i++) {
            throttle.failed("carol", "10.2.0." + i);
        }
        throttle.succeeded("carol");
        throttle.failed("carol", "10.2.1.1");
        assertThat(throttle.retryAfter("carol", "10.2.2.2")).isEmpty();
    }
}
