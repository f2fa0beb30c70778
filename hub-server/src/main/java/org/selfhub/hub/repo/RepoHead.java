package org.selfhub.hub.repo;

/**
 * What serving a model needs of its repository: the commit {@code main} points at (null before
 * the first commit) and the task columns read from its card and config.
 */
public record RepoHead(String headSha, String pipelineTag, String libraryName) {
}
