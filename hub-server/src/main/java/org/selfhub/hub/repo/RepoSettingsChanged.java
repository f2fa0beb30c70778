package org.selfhub.hub.repo;

/** Published when a repository's visibility or gating changed (in the changing transaction). */
public record RepoSettingsChanged(Repo repo) {
}
