/**
 * Git storage: one bare JGit repository per hub repository (keyed by its UUID), explicit revision
 * parsing, server-side commits moved by compare-and-swap under a per-branch lock, refs, history,
 * blobs, and the file index written when a commit lands. {@link org.selfhub.hub.git.GitService} is
 * the facade; {@link org.selfhub.hub.git.CommitLanded} is published after every commit.
 */
package org.selfhub.hub.git;
