package org.selfhub.hub.git;

import java.time.Instant;
import java.util.UUID;

/**
 * Published (synchronously, in the committing thread) after a ref moved to a new commit, by the
 * commit API and by git push (both through {@code GitService.landed}). The file index of
 * {@code newSha} is written before it is published. {@code oldSha} is null for a new ref.
 */
public record CommitLanded(UUID repositoryId, String ref, String oldSha, String newSha, Instant committedAt) {

    /** The branch name when {@code ref} is a branch, else null. */
    public String branch() {
        return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : null;
    }
}
