package org.selfhub.hub.repo;

import java.time.Instant;
import java.util.UUID;
import org.selfhub.hub.shared.RepoRef;
import org.selfhub.hub.shared.RepoType;

/** A repository's identity and settings: the immutable id keys its git and storage data. */
public record Repo(UUID id, RepoType type, String namespace, String name, boolean isPrivate, String gated,
                   String defaultBranch, Instant createdAt, Instant lastModified) {

    public RepoRef ref() {
        return new RepoRef(type, namespace, name);
    }

    /** {@code namespace/name}, the HF {@code repo_id}. */
    public String repoId() {
        return namespace + "/" + name;
    }

    /** The {@code gated} field as the clients read it: {@code false}, {@code "auto"} or {@code "manual"}. */
    public Object gatedValue() {
        return "false".equals(gated) ? Boolean.FALSE : gated;
    }
}
