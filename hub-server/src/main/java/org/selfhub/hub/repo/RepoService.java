package org.selfhub.hub.repo;

import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.shared.RepoRef;
import org.springframework.stereotype.Service;

/**
 * The repositories' facade: lookups that apply the access policy, creation, deletion, moves and
 * settings. Other features (files, git, LFS, search, inference) find repositories only through it.
 */
@Service
public class RepoService {

    /**
     * The repository the caller may read. Throws the not-found answer when it is missing or hidden
     * from the caller, and a 307 (HubException with a Location header) when it was moved.
     */
    public Repo requireReadable(Caller caller, RepoRef ref) {
        throw new UnsupportedOperationException("built by the repositories feature");
    }

    /** Like {@link #requireReadable}, and the caller may write to it (401/403 otherwise). */
    public Repo requireWritable(Caller caller, RepoRef ref) {
        throw new UnsupportedOperationException("built by the repositories feature");
    }
}
