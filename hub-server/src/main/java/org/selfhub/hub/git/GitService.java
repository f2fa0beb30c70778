package org.selfhub.hub.git;

import com.github.benmanes.caffeine.cache.Cache;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.selfhub.hub.repo.spi.RepoStorage;
import org.selfhub.hub.shared.Caches;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoType;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The git facade: repository storage, revisions, server-side commits, refs, history and blobs.
 * JGit types never leave this package. Every write that moves a ref goes through
 * {@link #commit} or git push ({@link HubReceivePack}), under the same branch locks, and then goes
 * through {@link #landed}: index the new commit, publish {@link CommitLanded}.
 *
 * <p>Revisions are parsed explicitly, never handed to {@code Repository.resolve()}, which speaks
 * the whole rev-parse language (git-lfs.md §3.4).
 */
@Service
public class GitService implements RepoStorage {

    public static final String PRECONDITION_MESSAGE =
            "The branch was updated since you opened this page. Please refresh and try again.";

    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-fA-F]{40}");
    private static final Pattern SHORT_SHA = Pattern.compile("[0-9a-fA-F]{7,39}");
    private static final Pattern PARENT_PREFIX = Pattern.compile("[0-9a-fA-F]{4,40}");
    private static final Pattern SPECIAL_REF = Pattern.compile("refs/(?:heads/.+|tags/.+|pr/\\d+|convert/[\\w.-]+)");
    private static final int MAX_CAS_ATTEMPTS = 20;

    private final GitRepositories repositories;
    private final FileIndex fileIndex;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ReentrantLock[] branchLocks = new ReentrantLock[256];
    /**
     * Revision → commit, for the read hot path (every resolve HEAD asks it). Dropped for a repository
     * whenever this process moves one of its refs (commits, pushes, branches, tags), so local reads see
     * a write at once; the short lifetime bounds what a ref moved by another process can go unseen.
     */
    private final Cache<RevisionKey, String> revisions = Caches.newBuilder()
            .maximumSize(50_000).expireAfterWrite(Duration.ofSeconds(2)).build();

    private record RevisionKey(UUID repositoryId, String revision) {
    }

    GitService(GitRepositories repositories, FileIndex fileIndex, ApplicationEventPublisher events, Clock clock) {
        this.repositories = repositories;
        this.fileIndex = fileIndex;
        this.events = events;
        this.clock = clock;
        for (int i = 0; i < branchLocks.length; i++) {
            branchLocks[i] = new ReentrantLock();
        }
    }

    // ---------------------------------------------------------------- storage (RepoStorage)

    @Override
    public void initialize(UUID repositoryId, RepoType type, String defaultBranch, String authorName) {
        repositories.create(repositoryId, defaultBranch);
        byte[] attributes = GitAttributes.defaultFor(type).getBytes(StandardCharsets.UTF_8);
        write(new CommitRequest(repositoryId, defaultBranch, null, authorName, noreply(authorName),
                "initial commit", "", List.of(new CommitOperation.PutFile(GitAttributes.PATH, attributes))), true);
    }

    @Override
    public void destroy(UUID repositoryId) {
        repositories.delete(repositoryId);
        refsChanged(repositoryId);
    }

    // ---------------------------------------------------------------- revisions

    /** The 40-hex commit that a revision names: branch, tag, full or short sha, {@code refs/pr/N}, {@code HEAD}. */
    public String resolveCommit(UUID repositoryId, String revision) {
        return revisions.get(new RevisionKey(repositoryId, revision), key -> resolveUncached(repositoryId, revision));
    }

    /** Forgets the cached revisions of a repository: one of its refs moved. */
    void refsChanged(UUID repositoryId) {
        revisions.asMap().keySet().removeIf(key -> key.repositoryId().equals(repositoryId));
    }

    private String resolveUncached(UUID repositoryId, String revision) {
        try (Repository repo = repositories.open(repositoryId)) {
            ObjectId id = resolve(repo, revision);
            if (id == null) {
                throw revisionNotFound(revision);
            }
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The head of a branch, if the branch exists. */
    public Optional<String> branchHead(UUID repositoryId, String branch) {
        try (Repository repo = repositories.open(repositoryId)) {
            Ref ref = isValidBranchName(branch) ? repo.exactRef(Constants.R_HEADS + branch) : null;
            return Optional.ofNullable(ref).map(r -> r.getObjectId().name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HubException revisionNotFound(String revision) {
        return new HubException(HubErrorCode.REVISION_NOT_FOUND, "Invalid rev id: " + revision);
    }

    static ObjectId resolve(Repository repo, String revision) throws IOException {
        if (revision == null || revision.isEmpty() || revision.length() > 1024) {
            return null;
        }
        if (revision.equals(Constants.HEAD)) {
            Ref head = repo.exactRef(Constants.HEAD);
            return head == null || head.getObjectId() == null ? null : peelToCommit(repo, head);
        }
        if (revision.startsWith(Constants.R_REFS)) {
            if (!SPECIAL_REF.matcher(revision).matches() || !Repository.isValidRefName(revision)) {
                return null;
            }
            Ref ref = repo.exactRef(revision);
            return ref == null ? null : peelToCommit(repo, ref);
        }
        if (Repository.isValidRefName(Constants.R_HEADS + revision)) {
            Ref branch = repo.exactRef(Constants.R_HEADS + revision);
            if (branch != null) {
                return peelToCommit(repo, branch);
            }
            Ref tag = repo.exactRef(Constants.R_TAGS + revision);
            if (tag != null) {
                return peelToCommit(repo, tag);
            }
        }
        if (FULL_SHA.matcher(revision).matches()) {
            return existingCommit(repo, ObjectId.fromString(revision.toLowerCase(Locale.ROOT)));
        }
        if (SHORT_SHA.matcher(revision).matches()) {
            try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
                List<ObjectId> commits = new ArrayList<>();
                for (ObjectId candidate : reader.resolve(AbbreviatedObjectId.fromString(revision.toLowerCase(Locale.ROOT)))) {
                    if (reader.open(candidate).getType() == Constants.OBJ_COMMIT) {
                        commits.add(candidate);
                    }
                }
                if (commits.size() > 1) {
                    throw HubException.badRequest("Ambiguous revision " + revision + ": use more characters of the sha");
                }
                return commits.isEmpty() ? null : commits.get(0);
            }
        }
        return null;
    }

    private static ObjectId peelToCommit(Repository repo, Ref ref) throws IOException {
        Ref peeled = repo.getRefDatabase().peel(ref);
        ObjectId id = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
        return id == null ? null : existingCommit(repo, id);
    }

    private static ObjectId existingCommit(Repository repo, ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(id).getId();
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            return null;
        }
    }

    static boolean isValidBranchName(String name) {
        return name != null && !name.isEmpty() && !name.equals(Constants.HEAD) && !name.startsWith("-")
                && !FULL_SHA.matcher(name).matches() && Repository.isValidRefName(Constants.R_HEADS + name);
    }

    // ---------------------------------------------------------------- commits

    /**
     * Builds a commit from the operations on top of the branch head and moves the branch by
     * compare-and-swap, under a per-(repository, branch) lock so that concurrent API commits queue
     * instead of retrying. A stale {@code parentCommit} answers 412.
     */
    public CommitResult commit(CommitRequest request) {
        if (!isValidBranchName(request.branch())) {
            throw revisionNotFound(request.branch());
        }
        for (CommitOperation op : request.operations()) {
            if (op instanceof CommitOperation.DeleteFolder) {
                GitPaths.validateFolder(op.path());
            } else {
                GitPaths.validate(op.path());
            }
            if (op instanceof CommitOperation.CopyFile copy) {
                GitPaths.validate(copy.sourcePath());
            }
        }
        if (request.parentCommit() != null && !PARENT_PREFIX.matcher(request.parentCommit()).matches()) {
            throw HubException.badRequest("Invalid parentCommit '" + request.parentCommit() + "': expected a commit sha");
        }
        return write(request, false);
    }

    private CommitResult write(CommitRequest request, boolean createBranch) {
        ReentrantLock lock = branchLocks(request.repositoryId(), List.of(request.branch())).get(0);
        lock.lock();
        try (Repository repo = repositories.open(request.repositoryId());
             ObjectInserter inserter = repo.newObjectInserter();
             ObjectReader reader = inserter.newReader();
             RevWalk walk = new RevWalk(reader)) {
            String refName = Constants.R_HEADS + request.branch();
            for (int attempt = 1; ; attempt++) {
                Ref ref = repo.exactRef(refName);
                if (ref == null && !createBranch) {
                    throw revisionNotFound(request.branch());
                }
                ObjectId head = ref == null ? null : ref.getObjectId();
                String parent = request.parentCommit() == null ? null : request.parentCommit().toLowerCase(Locale.ROOT);
                if (parent != null && (head == null || !head.name().startsWith(parent))) {
                    throw new HubException(HubErrorCode.PRECONDITION_FAILED, PRECONDITION_MESSAGE);
                }
                RevCommit headCommit = head == null ? null : walk.parseCommit(head);
                TreeMap<String, TreeEntry> files = headCommit == null ? new TreeMap<>() : load(reader, headCommit);
                apply(repo, reader, walk, inserter, headCommit, files, request.operations());
                ObjectId tree = writeTree(inserter, files);

                Instant now = clock.instant();
                PersonIdent author = new PersonIdent(request.authorName(), request.authorEmail(), now,
                        java.time.ZoneOffset.UTC);
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(tree);
                if (head != null) {
                    commit.setParentId(head);
                }
                commit.setAuthor(author);
                commit.setCommitter(author);
                commit.setMessage(message(request.summary(), request.description()));
                ObjectId commitId = inserter.insert(commit);
                inserter.flush();

                RefUpdate update = repo.updateRef(refName);
                update.setExpectedOldObjectId(head == null ? ObjectId.zeroId() : head);
                update.setNewObjectId(commitId);
                update.setRefLogIdent(author);
                update.setRefLogMessage("commit: " + request.summary(), false);
                RefUpdate.Result result = update.update(walk);
                if (result == RefUpdate.Result.FAST_FORWARD || result == RefUpdate.Result.NEW) {
                    landed(repo, request.repositoryId(), refName, head, walk.parseCommit(commitId), now);
                    return new CommitResult(commitId.name(), head == null ? null : head.name());
                }
                if (result == RefUpdate.Result.LOCK_FAILURE && parent == null && attempt < MAX_CAS_ATTEMPTS) {
                    // Another writer (a push, another node) moved the branch: rebuild on its new head.
                    continue;
                }
                if (result == RefUpdate.Result.LOCK_FAILURE) {
                    throw new HubException(HubErrorCode.PRECONDITION_FAILED, PRECONDITION_MESSAGE);
                }
                throw new HubException(HubErrorCode.INTERNAL, "Could not update " + refName + ": " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The locks that serialize writes to these branches of a repository, distinct and in one global
     * order: API commits take one, a push takes those of every branch it updates (in this order, so
     * two writers never deadlock), and compare-and-swap stays underneath for other processes.
     */
    List<ReentrantLock> branchLocks(UUID repositoryId, Collection<String> branches) {
        java.util.TreeSet<Integer> stripes = new java.util.TreeSet<>();
        for (String branch : branches) {
            stripes.add(Math.floorMod((repositoryId + "\0" + branch).hashCode(), branchLocks.length));
        }
        List<ReentrantLock> locks = new ArrayList<>();
        for (int stripe : stripes) {
            locks.add(branchLocks[stripe]);
        }
        return locks;
    }

    /**
     * The one post-commit step of every write path (API commit, git push): index the new commit,
     * then publish {@link CommitLanded} for the bookkeeping listeners. Called with the branch lock held.
     */
    void landed(Repository repo, UUID repositoryId, String refName, ObjectId oldId, RevCommit commit, Instant at)
            throws IOException {
        refsChanged(repositoryId);
        fileIndex.index(repo, repositoryId, commit);
        events.publishEvent(new CommitLanded(repositoryId, refName, oldId == null ? null : oldId.name(),
                commit.name(), at));
    }

    private record TreeEntry(FileMode mode, ObjectId id) {
    }

    private static TreeMap<String, TreeEntry> load(ObjectReader reader, RevCommit commit) throws IOException {
        TreeMap<String, TreeEntry> files = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                files.put(walk.getPathString(), new TreeEntry(walk.getFileMode(0), walk.getObjectId(0)));
            }
        }
        return files;
    }

    private void apply(Repository repo, ObjectReader reader, RevWalk walk, ObjectInserter inserter,
                       RevCommit headCommit, TreeMap<String, TreeEntry> files, List<CommitOperation> operations)
            throws IOException {
        List<String> lfsPaths = new ArrayList<>();
        for (CommitOperation op : operations) {
            if (op instanceof CommitOperation.PutFile put) {
                putBlob(files, put.path(), inserter.insert(Constants.OBJ_BLOB, put.content()));
            } else if (op instanceof CommitOperation.PutLfsPointer lfs) {
                putBlob(files, lfs.path(), inserter.insert(Constants.OBJ_BLOB, LfsPointers.encode(lfs.oid(), lfs.size())));
                lfsPaths.add(lfs.path());
            } else if (op instanceof CommitOperation.DeleteFile delete) {
                TreeEntry existing = files.get(delete.path());
                if (existing == null || existing.mode() == FileMode.GITLINK) {
                    throw new HubException(HubErrorCode.ENTRY_NOT_FOUND,
                            "A file with this name doesn't exist: " + delete.path());
                }
                files.remove(delete.path());
            } else if (op instanceof CommitOperation.DeleteFolder folder) {
                String dir = GitPaths.validateFolder(folder.path());
                SortedMap<String, TreeEntry> inside = files.subMap(dir + "/", dir + "0");
                if (inside.isEmpty()) {
                    throw new HubException(HubErrorCode.ENTRY_NOT_FOUND,
                            "A folder with this name doesn't exist: " + folder.path());
                }
                inside.clear();
            } else if (op instanceof CommitOperation.CopyFile copy) {
                ObjectId source = copy.sourceRevision() == null ? (headCommit == null ? null : headCommit.getId())
                        : resolve(repo, copy.sourceRevision());
                if (source == null) {
                    throw revisionNotFound(copy.sourceRevision());
                }
                try (TreeWalk found = TreeWalk.forPath(reader, copy.sourcePath(), walk.parseCommit(source).getTree())) {
                    if (found == null || found.isSubtree() || found.getFileMode(0) == FileMode.GITLINK) {
                        throw new HubException(HubErrorCode.ENTRY_NOT_FOUND,
                                "A file with this name doesn't exist: " + copy.sourcePath());
                    }
                    checkNoConflict(files, copy.path());
                    files.put(copy.path(), new TreeEntry(found.getFileMode(0), found.getObjectId(0)));
                }
            }
        }
        ensureTracked(reader, inserter, files, lfsPaths);
    }

    private static void putBlob(TreeMap<String, TreeEntry> files, String path, ObjectId blob) {
        checkNoConflict(files, path);
        TreeEntry existing = files.get(path);
        FileMode mode = existing != null && existing.mode() == FileMode.EXECUTABLE_FILE
                ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE;
        files.put(path, new TreeEntry(mode, blob));
    }

    private static void checkNoConflict(TreeMap<String, TreeEntry> files, String path) {
        int slash = path.indexOf('/');
        while (slash > 0) {
            String ancestor = path.substring(0, slash);
            if (files.containsKey(ancestor)) {
                throw HubException.badRequest("Cannot create " + path + ": " + ancestor + " is a file");
            }
            slash = path.indexOf('/', slash + 1);
        }
        if (!files.subMap(path + "/", path + "0").isEmpty()) {
            throw HubException.badRequest("Cannot create the file " + path + ": a folder has that name");
        }
    }

    /** Keeps {@code .gitattributes} sending every LFS pointer of this commit to LFS, as the Hub does (§7.7). */
    private static void ensureTracked(ObjectReader reader, ObjectInserter inserter, TreeMap<String, TreeEntry> files,
                                      List<String> lfsPaths) throws IOException {
        if (lfsPaths.isEmpty()) {
            return;
        }
        TreeEntry current = files.get(GitAttributes.PATH);
        String attributes = current == null ? ""
                : new String(reader.open(current.id(), Constants.OBJ_BLOB).getBytes(), StandardCharsets.UTF_8);
        String updated = attributes;
        for (String path : lfsPaths) {
            if (!GitAttributes.isLfs(updated, path)) {
                updated = GitAttributes.track(updated, path);
            }
        }
        if (!updated.equals(attributes)) {
            putBlob(files, GitAttributes.PATH,
                    inserter.insert(Constants.OBJ_BLOB, updated.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static ObjectId writeTree(ObjectInserter inserter, TreeMap<String, TreeEntry> files) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (Map.Entry<String, TreeEntry> e : files.entrySet()) {
            DirCacheEntry entry = new DirCacheEntry(e.getKey());
            entry.setFileMode(e.getValue().mode());
            entry.setObjectId(e.getValue().id());
            builder.add(entry);
        }
        builder.finish();
        return index.writeTree(inserter);
    }

    private static String message(String summary, String description) {
        String title = summary == null || summary.isBlank() ? "Upload files" : summary.strip();
        return description == null || description.isBlank() ? title + "\n" : title + "\n\n" + description.strip() + "\n";
    }

    static String noreply(String name) {
        return (name == null ? "hub" : name) + "@users.noreply.hub";
    }

    // ---------------------------------------------------------------- refs

    public GitRefs refs(UUID repositoryId) {
        try (Repository repo = repositories.open(repositoryId)) {
            return new GitRefs(refsUnder(repo, Constants.R_HEADS), refsUnder(repo, Constants.R_TAGS),
                    refsUnder(repo, "refs/convert/"), refsUnder(repo, "refs/pr/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<GitRef> refsUnder(Repository repo, String prefix) throws IOException {
        List<GitRef> refs = new ArrayList<>();
        for (Ref ref : repo.getRefDatabase().getRefsByPrefix(prefix)) {
            ObjectId target = peelToCommit(repo, ref);
            if (target != null) {
                refs.add(new GitRef(ref.getName().substring(prefix.length()), ref.getName(), target.name()));
            }
        }
        return refs;
    }

    /** Creates a branch at a revision (null: the default branch head); 409 when it exists. */
    public void createBranch(UUID repositoryId, String branch, String startingPoint) {
        if (!isValidBranchName(branch)) {
            throw HubException.badRequest("Invalid branch name '" + branch + "'");
        }
        createRef(repositoryId, Constants.R_HEADS + branch, startingPoint == null ? Constants.HEAD : startingPoint,
                null, null, "Branch " + branch + " already exists");
    }

    /** Deletes a branch other than the default one; 404 RevisionNotFound when missing. */
    public void deleteBranch(UUID repositoryId, String branch, String defaultBranch) {
        if (branch.equals(defaultBranch)) {
            throw HubException.forbidden("Cannot delete the default branch " + branch);
        }
        deleteRef(repositoryId, isValidBranchName(branch) ? Constants.R_HEADS + branch : null, branch);
    }

    /** Tags a revision, annotated when a message is given; 409 when the tag exists. */
    public void createTag(UUID repositoryId, String tag, String revision, String message, String taggerName) {
        if (tag == null || tag.isEmpty() || !Repository.isValidRefName(Constants.R_TAGS + tag)) {
            throw HubException.badRequest("Invalid tag name '" + tag + "'");
        }
        createRef(repositoryId, Constants.R_TAGS + tag, revision, message, taggerName, "Tag " + tag + " already exists");
    }

    public void deleteTag(UUID repositoryId, String tag) {
        deleteRef(repositoryId, Repository.isValidRefName(Constants.R_TAGS + tag) ? Constants.R_TAGS + tag : null, tag);
    }

    private void createRef(UUID repositoryId, String refName, String revision, String tagMessage, String taggerName,
                           String existsMessage) {
        try (Repository repo = repositories.open(repositoryId); ObjectInserter inserter = repo.newObjectInserter();
             RevWalk walk = new RevWalk(repo)) {
            ObjectId target = resolve(repo, revision);
            if (target == null) {
                throw revisionNotFound(revision);
            }
            if (repo.exactRef(refName) != null) {
                throw new HubException(HubErrorCode.CONFLICT, existsMessage);
            }
            ObjectId refTarget = target;
            if (tagMessage != null && !tagMessage.isBlank()) {
                TagBuilder tag = new TagBuilder();
                tag.setObjectId(target, Constants.OBJ_COMMIT);
                tag.setTag(refName.substring(Constants.R_TAGS.length()));
                tag.setTagger(new PersonIdent(taggerName, noreply(taggerName), clock.instant(), java.time.ZoneOffset.UTC));
                tag.setMessage(tagMessage.endsWith("\n") ? tagMessage : tagMessage + "\n");
                refTarget = inserter.insert(tag);
                inserter.flush();
            }
            RefUpdate update = repo.updateRef(refName);
            update.setExpectedOldObjectId(ObjectId.zeroId());
            update.setNewObjectId(refTarget);
            RefUpdate.Result result = update.update(walk);
            refsChanged(repositoryId);
            if (result == RefUpdate.Result.LOCK_FAILURE) {
                throw new HubException(HubErrorCode.CONFLICT, existsMessage);
            }
            if (result != RefUpdate.Result.NEW) {
                throw new HubException(HubErrorCode.INTERNAL, "Could not create " + refName + ": " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteRef(UUID repositoryId, String refName, String shown) {
        try (Repository repo = repositories.open(repositoryId)) {
            Ref ref = refName == null ? null : repo.exactRef(refName);
            if (ref == null) {
                throw revisionNotFound(shown);
            }
            RefUpdate update = repo.updateRef(refName);
            update.setExpectedOldObjectId(ref.getObjectId());
            update.setForceUpdate(true);
            RefUpdate.Result result = update.delete();
            refsChanged(repositoryId);
            if (result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE
                    && result != RefUpdate.Result.FAST_FORWARD) {
                throw new HubException(HubErrorCode.CONFLICT, "Could not delete " + shown + ": " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- history

    /** First-parent history from a commit, newest first. */
    public List<GitCommit> log(UUID repositoryId, String commitSha, int skip, int limit) {
        try (Repository repo = repositories.open(repositoryId); RevWalk walk = new RevWalk(repo)) {
            walk.setFirstParent(true);
            walk.markStart(walk.parseCommit(ObjectId.fromString(commitSha)));
            List<GitCommit> commits = new ArrayList<>();
            int seen = 0;
            for (RevCommit c : walk) {
                if (seen++ < skip) {
                    continue;
                }
                if (commits.size() >= limit) {
                    break;
                }
                commits.add(toCommit(c));
            }
            return commits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many commits the first-parent history of a commit has. */
    public int countCommits(UUID repositoryId, String commitSha) {
        try (Repository repo = repositories.open(repositoryId); RevWalk walk = new RevWalk(repo)) {
            walk.setFirstParent(true);
            walk.setRetainBody(false);
            walk.markStart(walk.parseCommit(ObjectId.fromString(commitSha)));
            int count = 0;
            for (RevCommit ignored : walk) {
                count++;
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public GitCommit commitInfo(UUID repositoryId, String commitSha) {
        try (Repository repo = repositories.open(repositoryId); RevWalk walk = new RevWalk(repo)) {
            return toCommit(walk.parseCommit(ObjectId.fromString(commitSha)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For each path, the newest commit reachable from {@code commitSha} that changed it. */
    public Map<String, GitCommit> lastCommits(UUID repositoryId, String commitSha, Collection<String> paths) {
        Map<String, GitCommit> result = new LinkedHashMap<>();
        try (Repository repo = repositories.open(repositoryId)) {
            for (String path : paths) {
                try (RevWalk walk = new RevWalk(repo)) {
                    walk.markStart(walk.parseCommit(ObjectId.fromString(commitSha)));
                    if (!path.isEmpty()) {
                        walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
                    }
                    RevCommit c = walk.next();
                    if (c != null) {
                        result.put(path, toCommit(c));
                    }
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GitCommit toCommit(RevCommit c) {
        List<String> parents = new ArrayList<>();
        for (RevCommit p : c.getParents()) {
            parents.add(p.name());
        }
        return new GitCommit(c.name(), c.getShortMessage(), c.getFullMessage(),
                Instant.ofEpochSecond(c.getCommitTime()), List.of(c.getAuthorIdent().getName()), parents);
    }

    // ---------------------------------------------------------------- blobs

    /** Streams a blob from {@code offset}; the stream must be closed. */
    public InputStream openBlob(UUID repositoryId, String blobOid, long offset) {
        Repository repo = repositories.open(repositoryId);
        ObjectReader reader = repo.newObjectReader();
        try {
            ObjectLoader loader = reader.open(ObjectId.fromString(blobOid), Constants.OBJ_BLOB);
            InputStream in = loader.openStream();
            in.skipNBytes(offset);
            return new FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        reader.close();
                        repo.close();
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            reader.close();
            repo.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The first {@code maxBytes} of a blob. */
    public byte[] readBlob(UUID repositoryId, String blobOid, int maxBytes) {
        try (InputStream in = openBlob(repositoryId, blobOid, 0)) {
            return in.readNBytes(maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content of the file at {@code path} in the commit, when it exists and is not larger than {@code maxBytes}. */
    public Optional<byte[]> readFile(UUID repositoryId, String commitSha, String path, int maxBytes) {
        return fileIndex.find(repositoryId, commitSha, path)
                .filter(e -> !e.directory() && e.blobSize() <= maxBytes)
                .map(e -> readBlob(repositoryId, e.oid(), maxBytes));
    }
}
