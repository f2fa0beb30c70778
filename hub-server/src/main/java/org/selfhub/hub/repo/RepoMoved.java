package org.selfhub.hub.repo;

import org.selfhub.hub.shared.RepoRef;

/** Published after a repository got a new name; the old one answers 307 from then on. */
public record RepoMoved(Repo repo, RepoRef from) {
}
