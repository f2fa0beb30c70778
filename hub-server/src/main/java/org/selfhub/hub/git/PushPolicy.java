package org.selfhub.hub.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.selfhub.hub.lfs.LfsLockService;
import org.selfhub.hub.lfs.LfsObject;
import org.selfhub.hub.lfs.LfsObjectService;
import org.selfhub.hub.shared.HubException;
import org.springframework.stereotype.Component;

/**
 * What a push may change (git-lfs.md §1.5, §6.2), checked in JGit's pre-receive hook after the pack
 * was received and before any ref moves. A refused command gets {@code REJECTED_OTHER_REASON} with
 * a short reason ({@code ! [remote rejected] main -> main (reason)}) and the explanation as
 * {@code remote:} lines. Refused: pushes by a caller without write access (a read token); refs
 * outside {@code refs/heads/} and {@code refs/tags/} ({@code refs/pr/*}, {@code refs/convert/*} are
 * the hub's); deleting or rewriting the default branch; new blobs above the LFS threshold; LFS
 * pointers whose object was never uploaded and verified for this repository; and changes to paths
 * that someone else locked with {@code git lfs lock}.
 */
@Component
class PushPolicy {

    /** Files at least this large must go through LFS, as on huggingface.co (and the commit API's preupload). */
    static final long LFS_THRESHOLD = 10L * 1024 * 1024;

    private static final int MAX_LISTED = 20;

    private final LfsObjectService lfsObjects;
    private final LfsLockService lfsLocks;

    PushPolicy(LfsObjectService lfsObjects, LfsLockService lfsLocks) {
        this.lfsObjects = lfsObjects;
        this.lfsLocks = lfsLocks;
    }

    /** The hook for one push by one caller. */
    PreReceiveHook hook(GitHttpAccess access) {
        return (rp, commands) -> {
            try {
                check(rp, access, commands);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private void check(ReceivePack rp, GitHttpAccess access, Collection<ReceiveCommand> commands) throws IOException {
        if (!access.canPush()) {
            rejectAll(rp, commands, "your token cannot write",
                    "You cannot push to " + access.repoId() + ": " + (access.caller().isReadOnlyToken()
                            ? "your token has the read role; use a token with the write role." : "no write access."));
            return;
        }
        for (ReceiveCommand cmd : commands) {
            checkRefName(rp, access, cmd);
        }
        Repository repo = rp.getRepository();
        try (ObjectReader reader = repo.newObjectReader()) {
            List<ObjectId> existing = new ArrayList<>();
            for (Ref ref : repo.getRefDatabase().getRefs()) {
                if (ref.getObjectId() != null) {
                    existing.add(ref.getObjectId());
                }
            }
            for (ReceiveCommand cmd : pending(commands)) {
                if (cmd.getType() != ReceiveCommand.Type.DELETE) {
                    checkNewObjects(rp, access, reader, existing, cmd);
                }
            }
            Map<String, String> locked = lockedByOthers(access);
            if (!locked.isEmpty()) {
                for (ReceiveCommand cmd : pending(commands)) {
                    checkLocks(rp, access, reader, cmd, locked);
                }
            }
        }
    }

    private static void checkRefName(ReceivePack rp, GitHttpAccess access, ReceiveCommand cmd) {
        String name = cmd.getRefName();
        if (name.startsWith(Constants.R_HEADS)) {
            String branch = name.substring(Constants.R_HEADS.length());
            if (!GitService.isValidBranchName(branch)) {
                reject(rp, cmd, "invalid branch name", "'" + branch + "' is not a valid branch name.");
            } else if (branch.equals(access.defaultBranch()) && cmd.getType() == ReceiveCommand.Type.DELETE) {
                reject(rp, cmd, "the default branch cannot be deleted",
                        "The default branch " + branch + " of " + access.repoId() + " cannot be deleted.");
            } else if (branch.equals(access.defaultBranch())
                    && cmd.getType() == ReceiveCommand.Type.UPDATE_NONFASTFORWARD) {
                reject(rp, cmd, "non-fast-forward updates of the default branch are refused",
                        "The default branch " + branch + " only moves forward: fetch, merge or rebase onto "
                                + "origin/" + branch + ", and push again (force pushes are refused).");
            }
        } else if (!name.startsWith(Constants.R_TAGS) || name.length() == Constants.R_TAGS.length()) {
            reject(rp, cmd, "only branches and tags can be pushed",
                    name + " is not a branch (refs/heads/...) or a tag (refs/tags/...); other refs belong to the hub.");
        }
    }

    /**
     * Scans the objects this command brings that no ref had before: blobs above the threshold, and
     * LFS pointers, whose objects must be verified and are linked to the repository here.
     */
    private void checkNewObjects(ReceivePack rp, GitHttpAccess access, ObjectReader reader, List<ObjectId> existing,
                                 ReceiveCommand cmd) throws IOException {
        Map<String, Long> tooLarge = new LinkedHashMap<>();
        Map<String, LfsPointers.Pointer> pointers = new LinkedHashMap<>();
        try (ObjectWalk walk = new ObjectWalk(reader)) {
            walk.markStart(walk.parseAny(cmd.getNewId()));
            for (ObjectId id : existing) {
                try {
                    walk.markUninteresting(walk.parseAny(id));
                } catch (MissingObjectException e) {
                    // a ref to something missing marks nothing
                }
            }
            while (walk.next() != null) {
                // commits first; their trees and blobs follow in nextObject()
            }
            RevObject object;
            while ((object = walk.nextObject()) != null) {
                if (object.getType() != Constants.OBJ_BLOB) {
                    continue;
                }
                long size = reader.getObjectSize(object, Constants.OBJ_BLOB);
                String path = walk.getPathString();
                if (size >= LFS_THRESHOLD) {
                    tooLarge.put(path, size);
                } else if (size < LfsPointers.MAX_POINTER_SIZE) {
                    LfsPointers.Pointer pointer = LfsPointers.parse(reader.open(object, Constants.OBJ_BLOB).getBytes());
                    if (pointer != null) {
                        pointers.putIfAbsent(path, pointer);
                    }
                }
            }
        }
        if (!tooLarge.isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add("Your push was rejected because it contains files of 10 MiB or more that are not stored with"
                    + " Git LFS:");
            tooLarge.entrySet().stream().limit(MAX_LISTED).forEach(e -> lines.add("  " + e.getKey() + " ("
                    + String.format(Locale.ROOT, "%.1f MiB", e.getValue() / (1024.0 * 1024)) + ")"));
            String first = tooLarge.keySet().iterator().next();
            lines.add("Track them with Git LFS, then rewrite the commits that added them, e.g.:");
            lines.add("  git lfs install");
            lines.add("  git lfs track \"" + trackPattern(first) + "\"");
            lines.add("  git add .gitattributes && git lfs migrate import --include=\"" + trackPattern(first)
                    + "\" --include-ref=" + cmd.getRefName());
            reject(rp, cmd, "files of 10 MiB or more must use Git LFS (git lfs track)", lines.toArray(String[]::new));
            return;
        }
        for (Map.Entry<String, LfsPointers.Pointer> e : pointers.entrySet()) {
            String problem = lfsProblem(access, e.getValue());
            if (problem != null) {
                reject(rp, cmd, "missing LFS object for " + e.getKey(),
                        "The LFS object of " + e.getKey() + " (" + e.getValue().oid() + ") " + problem,
                        "Upload it with: git lfs push --all origin " + shortName(cmd.getRefName())
                                + ", then push again.");
                return;
            }
        }
    }

    /** Null when the pointer's object is verified and now linked to the repository, else why not. */
    private String lfsProblem(GitHttpAccess access, LfsPointers.Pointer pointer) {
        Optional<LfsObject> verified = lfsObjects.findVerified(pointer.oid());
        if (verified.isPresent() && verified.get().size() != pointer.size()) {
            return "has " + verified.get().size() + " bytes, but the pointer says " + pointer.size() + ".";
        }
        try {
            lfsObjects.linkVerified(access.repositoryId(), pointer.oid(), pointer.size());
            return null;
        } catch (HubException e) {
            return "was never uploaded to this repository, or failed verification.";
        }
    }

    private Map<String, String> lockedByOthers(GitHttpAccess access) {
        return lfsLocks.lockedByOthers(access.repositoryId(), access.caller().accountId());
    }

    /**
     * Refuses a branch update that changes a path locked by someone else: the net change between the
     * branch's old and new trees (for a new branch: against the default branch).
     */
    private static void checkLocks(ReceivePack rp, GitHttpAccess access, ObjectReader reader, ReceiveCommand cmd,
                                   Map<String, String> locked) throws IOException {
        if (!cmd.getRefName().startsWith(Constants.R_HEADS) || cmd.getType() == ReceiveCommand.Type.DELETE) {
            return;
        }
        Repository repo = rp.getRepository();
        ObjectId base = cmd.getOldId();
        if (ObjectId.zeroId().equals(base)) {
            Ref defaultBranch = repo.exactRef(Constants.R_HEADS + access.defaultBranch());
            base = defaultBranch == null ? null : defaultBranch.getObjectId();
        }
        List<String> changed = new ArrayList<>();
        try (RevWalk revs = new RevWalk(reader); TreeWalk tw = new TreeWalk(reader)) {
            RevCommit next = revs.parseCommit(cmd.getNewId());
            if (base == null) {
                tw.addTree(new EmptyTreeIterator());
            } else {
                tw.addTree(revs.parseCommit(base).getTree());
            }
            tw.addTree(next.getTree());
            tw.setRecursive(true);
            tw.setFilter(AndTreeFilter.create(PathFilterGroup.createFromStrings(locked.keySet()), TreeFilter.ANY_DIFF));
            while (tw.next()) {
                changed.add(tw.getPathString());
            }
        }
        if (!changed.isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add("Your push changes files locked by someone else (git lfs locks):");
            changed.stream().limit(MAX_LISTED).forEach(p -> lines.add("  " + p + " (locked by " + locked.get(p) + ")"));
            lines.add("Ask the owner to unlock them (git lfs unlock), or a repository admin to force it.");
            reject(rp, cmd, "locked by another user: " + changed.get(0), lines.toArray(String[]::new));
        }
    }

    private static List<ReceiveCommand> pending(Collection<ReceiveCommand> commands) {
        return ReceiveCommand.filter(commands, ReceiveCommand.Result.NOT_ATTEMPTED);
    }

    private static void rejectAll(ReceivePack rp, Collection<ReceiveCommand> commands, String reason, String message) {
        rp.sendMessage(message);
        for (ReceiveCommand cmd : pending(commands)) {
            cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, reason);
        }
    }

    private static void reject(ReceivePack rp, ReceiveCommand cmd, String reason, String... lines) {
        for (String line : lines) {
            rp.sendMessage(line);
        }
        if (cmd.getResult() == ReceiveCommand.Result.NOT_ATTEMPTED) {
            cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, reason);
        }
    }

    private static String trackPattern(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        return dot > 0 ? "*" + file.substring(dot) : path;
    }

    private static String shortName(String refName) {
        return Repository.shortenRefName(refName);
    }
}
