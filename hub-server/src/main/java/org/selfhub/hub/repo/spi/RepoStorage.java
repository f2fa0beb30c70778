package org.selfhub.hub.repo.spi;

import java.util.UUID;
import org.selfhub.hub.shared.RepoType;

/**
 * Where a repository's files live, implemented by the git feature. The repositories feature calls
 * it when a repository is created or deleted; everything is keyed by the immutable id, so a move
 * never touches storage.
 */
public interface RepoStorage {

    /** Creates the empty storage with its first commit on {@code defaultBranch} (the HF {@code .gitattributes}). */
    void initialize(UUID repositoryId, RepoType type, String defaultBranch, String authorName);

    /** Removes the storage; a missing one is not an error. */
    void destroy(UUID repositoryId);
}
