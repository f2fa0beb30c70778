package org.selfhub.hub.repo;

/** Published after a repository was created (in the creating transaction). */
public record RepoCreated(Repo repo) {
}
