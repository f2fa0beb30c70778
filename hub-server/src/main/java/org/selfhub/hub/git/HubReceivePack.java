package org.selfhub.hub.git;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JGit's receive-pack with the hub's write discipline around the ref update (git-lfs.md §3.2): the
 * branches a push updates are locked with the same per-(repository, branch) locks as API commits,
 * the old ids are re-checked under them (a commit that landed through the API while the pack was
 * uploading rejects the push cleanly, never overwrites it), the refs move by JGit's compare-and-swap
 * batch update, and each moved branch gets the same post-commit step as an API commit
 * ({@link GitService#landed}) before the locks are released and the status report goes out.
 */
class HubReceivePack extends ReceivePack {

    private static final Logger log = LoggerFactory.getLogger(HubReceivePack.class);

    private final GitHttpAccess access;
    private final GitService git;
    private final Clock clock;

    HubReceivePack(Repository db, GitHttpAccess access, GitService git, Clock clock) {
        super(db);
        this.access = access;
        this.git = git;
        this.clock = clock;
    }

    @Override
    protected void executeCommands() {
        List<ReceiveCommand> pending = filterCommands(ReceiveCommand.Result.NOT_ATTEMPTED);
        if (pending.isEmpty()) {
            return;
        }
        List<String> branches = new ArrayList<>();
        for (ReceiveCommand cmd : pending) {
            if (cmd.getRefName().startsWith(Constants.R_HEADS)) {
                branches.add(cmd.getRefName().substring(Constants.R_HEADS.length()));
            }
        }
        List<ReentrantLock> locks = git.branchLocks(access.repositoryId(), branches);
        List<ReentrantLock> held = new ArrayList<>();
        try {
            for (ReentrantLock lock : locks) {
                lock.lock();
                held.add(lock);
            }
            recheckOldIds(pending);
            super.executeCommands();
            git.refsChanged(access.repositoryId());
            recordLanded(pending);
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }

    private void recheckOldIds(List<ReceiveCommand> pending) {
        boolean rejected = false;
        for (ReceiveCommand cmd : pending) {
            try {
                Ref current = getRepository().exactRef(cmd.getRefName());
                ObjectId currentId = current == null || current.getObjectId() == null
                        ? ObjectId.zeroId() : current.getObjectId();
                if (!currentId.equals(cmd.getOldId())) {
                    cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON,
                            "fetch first: the branch moved while you pushed");
                    sendMessage(cmd.getRefName() + " was updated (by another push or a commit through the API)"
                            + " while you pushed: fetch, merge or rebase, and push again.");
                    rejected = true;
                }
            } catch (IOException e) {
                cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "could not read the ref");
                rejected = true;
            }
        }
        if (rejected && isAtomic()) {
            ReceiveCommand.abort(pending);
        }
    }

    private void recordLanded(List<ReceiveCommand> pending) {
        Instant now = clock.instant();
        try (RevWalk walk = new RevWalk(getRepository())) {
            for (ReceiveCommand cmd : pending) {
                if (cmd.getResult() != ReceiveCommand.Result.OK || cmd.getType() == ReceiveCommand.Type.DELETE
                        || !cmd.getRefName().startsWith(Constants.R_HEADS)) {
                    continue;
                }
                ObjectId old = ObjectId.zeroId().equals(cmd.getOldId()) ? null : cmd.getOldId();
                try {
                    git.landed(getRepository(), access.repositoryId(), cmd.getRefName(), old,
                            walk.parseCommit(cmd.getNewId()), now);
                } catch (IOException | RuntimeException e) {
                    // The push landed; the file index is rebuilt on first use (FileIndex), so only log.
                    log.error("Post-push bookkeeping failed for {} {} {}", access.repositoryId(), cmd.getRefName(),
                            cmd.getNewId().name(), e);
                }
            }
        }
    }
}
