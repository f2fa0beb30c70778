package org.selfhub.hub.shared;

/** A repository as callers name it: type plus {@code namespace/name}. Its immutable id is a UUID. */
public record RepoRef(RepoType type, String namespace, String name) {

    /** {@code namespace/name}, the HF {@code repo_id}. */
    public String id() {
        return namespace + "/" + name;
    }

    @Override
    public String toString() {
        return type.urlPrefix() + id();
    }
}
