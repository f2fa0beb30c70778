package org.selfhub.hub.repo;

import org.selfhub.hub.shared.RepoType;

/** What {@code POST /api/repos/create} asks for (hub-api-contract.md §7.1). {@code namespace} null: the caller's own. */
public record NewRepo(RepoType type, String namespace, String name, boolean isPrivate, String sdk) {
}
