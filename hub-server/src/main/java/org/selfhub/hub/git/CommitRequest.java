package org.selfhub.hub.git;

import java.util.List;
import java.util.UUID;

/**
 * A server-side commit onto {@code branch}. With {@code parentCommit} (a full sha or a prefix of
 * at least 5 hex digits) the branch must still be there, else 412; without it, concurrent commits
 * are serialized and every one lands.
 */
public record CommitRequest(UUID repositoryId, String branch, String parentCommit, String authorName,
                            String authorEmail, String summary, String description,
                            List<CommitOperation> operations) {

    public CommitRequest {
        operations = List.copyOf(operations);
    }
}
