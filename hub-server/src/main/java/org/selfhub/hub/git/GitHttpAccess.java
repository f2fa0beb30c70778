package org.selfhub.hub.git;

import java.util.UUID;
import org.selfhub.hub.auth.Caller;

/**
 * What {@link GitHttpFilter} decided for one smart HTTP request, handed to JGit's servlet as a
 * request attribute: the repository (by id: names never reach the filesystem), its default branch,
 * the caller, and whether the caller may push. JGit's resolver opens nothing without it, so the
 * internal servlet prefix is unreachable except through the filter.
 */
record GitHttpAccess(UUID repositoryId, String repoId, String defaultBranch, Caller caller, boolean canPush) {

    static final String ATTRIBUTE = GitHttpAccess.class.getName();
}
