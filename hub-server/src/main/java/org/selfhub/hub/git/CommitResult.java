package org.selfhub.hub.git;

/** The commit that landed: its sha and the branch head it replaced. */
public record CommitResult(String commitSha, String previousSha) {
}
