package org.selfhub.hub.git;

import java.util.List;

/** The refs of a repository, grouped as {@code GET .../refs} answers them (hub-api-contract.md §6.1). */
public record GitRefs(List<GitRef> branches, List<GitRef> tags, List<GitRef> converts, List<GitRef> pullRequests) {
}
