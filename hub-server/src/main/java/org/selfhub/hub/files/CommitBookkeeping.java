package org.selfhub.hub.files;

import org.selfhub.hub.git.CommitLanded;
import org.selfhub.hub.repo.RepoService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Keeps a repository's last-modified date and default-branch head current whenever a commit lands. */
@Component
class CommitBookkeeping {

    private final RepoService repos;

    CommitBookkeeping(RepoService repos) {
        this.repos = repos;
    }

    @EventListener
    void on(CommitLanded landed) {
        repos.recordCommit(landed.repositoryId(), landed.branch(), landed.newSha(), landed.committedAt());
    }
}
