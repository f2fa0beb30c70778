package org.selfhub.hub.git;

import com.github.benmanes.caffeine.cache.Cache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.selfhub.hub.repo.RepoDeleted;
import org.selfhub.hub.shared.Caches;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The file index (V3 migration): every git tree of a repository with its entries' sizes and LFS
 * pointers, written when a commit lands so that info, tree, paths-info and resolve are index
 * lookups. Trees are content-addressed, so an unchanged directory is indexed once for all commits.
 * A commit found without an index (a crash between the ref update and the indexing) is indexed on
 * first use.
 */
@Component
public class FileIndex {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final GitRepositories repositories;
    /**
     * Lookups by (repository, commit, path). A commit's tree never changes, so an answer, found or
     * not, stays right for good: the cache is bounded, never stale, and only forgets a deleted
     * repository's entries (for memory, since its id is never reused).
     */
    private final Cache<EntryKey, Optional<FileEntry>> entries = Caches.newBuilder()
            .maximumSize(MAX_CACHED_ENTRIES).expireAfterAccess(Duration.ofMinutes(30)).build();

    static final int MAX_CACHED_ENTRIES = 50_000;

    private record EntryKey(UUID repositoryId, String commitSha, String path) {
    }

    FileIndex(JdbcClient jdbc, JdbcTemplate template, GitRepositories repositories) {
        this.jdbc = jdbc;
        this.template = template;
        this.repositories = repositories;
    }

    /** The entry at {@code path} ({@code ""} is the root directory) in the commit. */
    public Optional<FileEntry> find(UUID repositoryId, String commitSha, String path) {
        EntryKey key = new EntryKey(repositoryId, commitSha, path);
        Optional<FileEntry> cached = entries.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        Optional<FileEntry> found = lookup(repositoryId, commitSha, path);
        entries.put(key, found);
        return found;
    }

    @EventListener
    void on(RepoDeleted deleted) {
        entries.asMap().keySet().removeIf(k -> k.repositoryId().equals(deleted.id()));
    }

    private Optional<FileEntry> lookup(UUID repositoryId, String commitSha, String path) {
        String tree = rootTree(repositoryId, commitSha);
        if (path.isEmpty()) {
            return Optional.of(new FileEntry("", true, tree, 0, null, null));
        }
        FileEntry entry = null;
        String current = tree;
        for (String segment : path.split("/", -1)) {
            if (entry != null && !entry.directory()) {
                return Optional.empty();
            }
            String prefix = entry == null ? "" : entry.path() + "/";
            Optional<FileEntry> next = jdbc.sql("""
                            SELECT kind, oid, size, lfs_oid, pointer_size FROM git_tree_entry
                            WHERE repository_id = :repo AND tree_oid = :tree AND name = :name""")
                    .param("repo", repositoryId).param("tree", current).param("name", segment)
                    .query((rs, n) -> row(prefix + segment, rs))
                    .optional();
            if (next.isEmpty()) {
                return Optional.empty();
            }
            entry = next.get();
            current = entry.oid();
        }
        return Optional.ofNullable(entry);
    }

    /**
     * A page of the directory's children (recursive: all descendants, directories included),
     * ordered by path, after {@code cursor}. 404 EntryNotFound when the path is no directory.
     */
    public FilePage list(UUID repositoryId, String commitSha, String directory, boolean recursive, String cursor,
                         int limit) {
        FileEntry dir = find(repositoryId, commitSha, directory)
                .filter(FileEntry::directory)
                .orElseThrow(() -> entryNotFound(commitSha, directory));
        String after = decodeCursor(cursor);
        String prefix = directory.isEmpty() ? "" : directory + "/";
        List<FileEntry> rows;
        if (recursive) {
            rows = jdbc.sql("""
                            WITH RECURSIVE t(path, kind, oid, size, lfs_oid, pointer_size) AS (
                                SELECT CAST(:prefix AS text) || name, kind, oid, size, lfs_oid, pointer_size
                                FROM git_tree_entry WHERE repository_id = :repo AND tree_oid = :tree
                              UNION ALL
                                SELECT t.path || '/' || e.name, e.kind, e.oid, e.size, e.lfs_oid, e.pointer_size
                                FROM t JOIN git_tree_entry e ON e.repository_id = :repo AND e.tree_oid = t.oid
                                WHERE t.kind = 'd')
                            SELECT * FROM t WHERE path COLLATE "C" > :after ORDER BY path COLLATE "C" LIMIT :limit""")
                    .param("prefix", prefix).param("repo", repositoryId).param("tree", dir.oid())
                    .param("after", after).param("limit", limit + 1)
                    .query((rs, n) -> row(rs.getString("path"), rs))
                    .list();
        } else {
            rows = jdbc.sql("""
                            SELECT name, kind, oid, size, lfs_oid, pointer_size FROM git_tree_entry
                            WHERE repository_id = :repo AND tree_oid = :tree AND CAST(:prefix AS text) || name > :after
                            ORDER BY name LIMIT :limit""")
                    .param("prefix", prefix).param("repo", repositoryId).param("tree", dir.oid())
                    .param("after", after).param("limit", limit + 1)
                    .query((rs, n) -> row(prefix + rs.getString("name"), rs))
                    .list();
        }
        if (rows.size() <= limit) {
            return new FilePage(rows, null);
        }
        List<FileEntry> page = rows.subList(0, limit);
        return new FilePage(List.copyOf(page), encodeCursor(page.get(limit - 1).path()));
    }

    /** Every file (not directory) of the commit, ordered by path. */
    public List<FileEntry> files(UUID repositoryId, String commitSha) {
        String tree = rootTree(repositoryId, commitSha);
        return jdbc.sql("""
                        WITH RECURSIVE t(path, kind, oid, size, lfs_oid, pointer_size) AS (
                            SELECT name, kind, oid, size, lfs_oid, pointer_size
                            FROM git_tree_entry WHERE repository_id = :repo AND tree_oid = :tree
                          UNION ALL
                            SELECT t.path || '/' || e.name, e.kind, e.oid, e.size, e.lfs_oid, e.pointer_size
                            FROM t JOIN git_tree_entry e ON e.repository_id = :repo AND e.tree_oid = t.oid
                            WHERE t.kind = 'd')
                        SELECT * FROM t WHERE kind <> 'd' ORDER BY path COLLATE "C\"""")
                .param("repo", repositoryId).param("tree", tree)
                .query((rs, n) -> row(rs.getString("path"), rs))
                .list();
    }

    /** The 404 for a path missing at a commit, with the commit so that clients can cache the miss (§1.6). */
    public static HubException entryNotFound(String commitSha, String path) {
        return new HubException(HubErrorCode.ENTRY_NOT_FOUND, "Entry not found: " + path)
                .withHeader("X-Repo-Commit", commitSha);
    }

    private String rootTree(UUID repositoryId, String commitSha) {
        Optional<String> tree = jdbc.sql("""
                        SELECT tree_oid FROM git_indexed_commit WHERE repository_id = :repo AND commit_sha = :sha""")
                .param("repo", repositoryId).param("sha", commitSha)
                .query(String.class).optional();
        if (tree.isPresent()) {
            return tree.get();
        }
        try (Repository repo = repositories.open(repositoryId); RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(commitSha));
            index(repo, repositoryId, commit);
            return commit.getTree().name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Indexes the commit's trees that are not indexed yet. Idempotent; safe to run concurrently. */
    void index(Repository repo, UUID repositoryId, RevCommit commit) throws IOException {
        try (ObjectReader reader = repo.newObjectReader()) {
            indexTree(reader, repositoryId, commit.getTree());
        }
        jdbc.sql("""
                        INSERT INTO git_indexed_commit (repository_id, commit_sha, tree_oid, committed_at)
                        VALUES (:repo, :sha, :tree, :at) ON CONFLICT DO NOTHING""")
                .param("repo", repositoryId).param("sha", commit.name()).param("tree", commit.getTree().name())
                .param("at", Timestamp.from(Instant.ofEpochSecond(commit.getCommitTime())))
                .update();
    }

    private void indexTree(ObjectReader reader, UUID repositoryId, ObjectId treeId) throws IOException {
        boolean indexed = jdbc.sql("SELECT count(*) FROM git_indexed_tree WHERE repository_id = :repo AND tree_oid = :tree")
                .param("repo", repositoryId).param("tree", treeId.name())
                .query(Long.class).single() > 0;
        if (indexed) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        Map<String, String> blobs = new HashMap<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(treeId);
            walk.setRecursive(false);
            while (walk.next()) {
                FileMode mode = walk.getFileMode(0);
                String name = walk.getNameString();
                ObjectId id = walk.getObjectId(0);
                if (mode == FileMode.TREE) {
                    indexTree(reader, repositoryId, id);
                    rows.add(new Object[] {repositoryId, treeId.name(), name, "d", id.name(), 0L, null, null});
                } else if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE
                        || mode == FileMode.SYMLINK) {
                    blobs.put(name, id.name());
                    rows.add(new Object[] {repositoryId, treeId.name(), name, mode == FileMode.SYMLINK ? "l" : "f",
                            id.name(), null, null, null});
                }
                // Submodules (gitlinks) hold no content here and are not listed, as on the Hub.
            }
        }
        Map<String, Object[]> known = knownBlobs(repositoryId, blobs.values());
        for (Object[] row : rows) {
            if (!"d".equals(row[3])) {
                String oid = (String) row[4];
                Object[] info = known.get(oid);
                if (info == null) {
                    info = describeBlob(reader, ObjectId.fromString(oid));
                    known.put(oid, info);
                }
                row[5] = info[0];
                row[6] = info[1];
                row[7] = info[2];
            }
        }
        template.batchUpdate("""
                INSERT INTO git_tree_entry (repository_id, tree_oid, name, kind, oid, size, lfs_oid, pointer_size)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", rows);
        jdbc.sql("INSERT INTO git_indexed_tree (repository_id, tree_oid) VALUES (:repo, :tree) ON CONFLICT DO NOTHING")
                .param("repo", repositoryId).param("tree", treeId.name())
                .update();
    }

    /** size, lfs oid, pointer size of blobs this repository's index already describes. */
    private Map<String, Object[]> knownBlobs(UUID repositoryId, java.util.Collection<String> oids) {
        Map<String, Object[]> known = new HashMap<>();
        List<String> all = new ArrayList<>(new java.util.HashSet<>(oids));
        for (int i = 0; i < all.size(); i += 1000) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + 1000));
            jdbc.sql("""
                            SELECT DISTINCT ON (oid) oid, size, lfs_oid, pointer_size FROM git_tree_entry
                            WHERE repository_id = :repo AND oid IN (:oids) AND kind <> 'd'""")
                    .param("repo", repositoryId).param("oids", chunk)
                    .query(rs -> {
                        Integer pointerSize = (Integer) rs.getObject("pointer_size");
                        known.put(rs.getString("oid").strip(), new Object[] {rs.getLong("size"),
                                strip(rs.getString("lfs_oid")), pointerSize});
                    });
        }
        return known;
    }

    private static Object[] describeBlob(ObjectReader reader, ObjectId blob) throws IOException {
        long size = reader.getObjectSize(blob, Constants.OBJ_BLOB);
        if (size < LfsPointers.MAX_POINTER_SIZE) {
            LfsPointers.Pointer pointer = LfsPointers.parse(reader.open(blob, Constants.OBJ_BLOB).getCachedBytes());
            if (pointer != null) {
                return new Object[] {pointer.size(), pointer.oid(), (int) size};
            }
        }
        return new Object[] {size, null, null};
    }

    private static FileEntry row(String path, java.sql.ResultSet rs) throws java.sql.SQLException {
        String kind = rs.getString("kind");
        Integer pointerSize = (Integer) rs.getObject("pointer_size");
        return new FileEntry(path, "d".equals(kind), rs.getString("oid").strip(), rs.getLong("size"),
                strip(rs.getString("lfs_oid")), pointerSize);
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    static String encodeCursor(String path) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(path.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return "";
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HubException.badRequest("Invalid cursor");
        }
    }
}
