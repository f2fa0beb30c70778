package org.selfhub.hub.lfs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The JSON messages of the LFS locking API (git-lfs docs/api/locking.md). */
final class LfsLockMessages {

    private LfsLockMessages() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ref(String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateRequest(String path, Ref ref) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record VerifyRequest(String cursor, Integer limit, Ref ref) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record UnlockRequest(Boolean force, Ref ref) {
    }

    record Owner(String name) {
    }

    record LockJson(String id, String path, @JsonProperty("locked_at") String lockedAt, Owner owner) {

        static LockJson of(LfsLockService.Lock lock) {
            return new LockJson(lock.id().toString(), lock.path(), rfc3339(lock.lockedAt()), new Owner(lock.ownerName()));
        }
    }

    /** Create and unlock answers; a 409 carries the existing lock and a message. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LockResponse(LockJson lock, String message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ListResponse(List<LockJson> locks, @JsonProperty("next_cursor") String nextCursor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VerifyResponse(List<LockJson> ours, List<LockJson> theirs, @JsonProperty("next_cursor") String nextCursor) {
    }

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

    static String rfc3339(Instant instant) {
        return RFC3339.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
