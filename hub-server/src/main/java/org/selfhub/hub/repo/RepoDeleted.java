package org.selfhub.hub.repo;

import java.util.UUID;
import org.selfhub.hub.shared.RepoRef;

/** Published after a repository was deleted (in the deleting transaction). */
public record RepoDeleted(UUID id, RepoRef ref) {
}
