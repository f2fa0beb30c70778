package org.selfhub.hub.auth.spi;

import java.util.Optional;
import java.util.UUID;

/**
 * Verifies short-lived, repository-scoped read tokens ({@code hfw_…}) that the inference scheduler
 * hands to workers with each lease, so a worker can fetch one model's files through the ordinary
 * file routes. The inference feature implements it; without an implementation every {@code hfw_}
 * token is refused (401). A valid token makes the request's caller {@link org.selfhub.hub.auth.Caller#scoped
 * a scoped reader}: anonymous everywhere, except that it may read that one repository.
 */
public interface ScopedReadTokens {

    /** The prefix of scoped read tokens, distinct from user access tokens ({@code hf_}). */
    String PREFIX = "hfw_";

    /** What a token grants, when it is well formed, correctly signed and unexpired; empty otherwise. */
    Optional<ScopedRead> verify(String token);

    /** Read access to one repository, at the commit the token was issued for. */
    record ScopedRead(UUID repositoryId, String sha) {
    }
}
