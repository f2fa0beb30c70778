package org.selfhub.hub.git;

/** A branch, tag, convert or pull-request ref: short name, full ref name and the commit it points to. */
public record GitRef(String name, String ref, String targetCommit) {
}
