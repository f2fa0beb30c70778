package org.selfhub.hub.lfs;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.shared.HubException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Git LFS file locks (git-lfs docs/api/locking.md, git-lfs.md §2.3), stored in {@code lfs_lock}.
 * Every lookup is scoped to one repository: a lock id from another repository is simply not found
 * (the cross-repository lock bugs of Gitea and soft-serve). Only the owner unlocks, or with
 * {@code force} an administrator of the repository's namespace (or of the hub). Git push refuses
 * changes to paths locked by someone else ({@link #lockedByOthers}).
 */
@Service
public class LfsLockService {

    static final int MAX_PATH = 4096;
    static final int MAX_LIMIT = 1000;

    private final JdbcClient jdbc;
    private final Clock clock;

    LfsLockService(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A lock as the API shows it. */
    record Lock(UUID id, String path, long ownerId, String ownerName, Instant lockedAt) {
    }

    /** The outcome of a lock request: the new lock, or the one someone already holds on the path. */
    record Created(Lock lock, boolean isNew) {
    }

    /** A page of locks in path order, and the cursor of the next page (null: none). */
    record Page(List<Lock> locks, String nextCursor) {
    }

    /** The locks of the repository held by anyone but this account: path → owner name. */
    public Map<String, String> lockedByOthers(UUID repositoryId, Long accountId) {
        Map<String, String> locked = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT l.path, a.name FROM lfs_lock l JOIN account a ON a.id = l.owner_id
                        WHERE l.repository_id = :repo AND (CAST(:owner AS bigint) IS NULL OR l.owner_id <> :owner)
                        ORDER BY l.path""")
                .param("repo", repositoryId).param("owner", accountId)
                .query((rs, n) -> locked.put(rs.getString(1), rs.getString(2)))
                .list();
        return locked;
    }

    /** Locks the path for the caller; the existing lock, unchanged, when someone already holds it. */
    Created create(Repo repo, Caller caller, String path, String refName) {
        validatePath(path);
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                        INSERT INTO lfs_lock (id, repository_id, path, owner_id, ref_name, locked_at)
                        VALUES (:id, :repo, :path, :owner, :ref, :at)
                        ON CONFLICT (repository_id, path) DO NOTHING""")
                .param("id", id).param("repo", repo.id()).param("path", path).param("owner", caller.accountId())
                .param("ref", refName).param("at", Timestamp.from(clock.instant()))
                .update();
        if (inserted == 0) {
            // Held already; a lock removed in between answers like a conflict with no lock to show.
            return new Created(byPath(repo.id(), path).orElse(null), false);
        }
        return new Created(byId(repo.id(), id.toString()).orElseThrow(), true);
    }

    /** Locks in path order, optionally only the one at {@code path} or with {@code id}. */
    Page list(UUID repositoryId, String path, String id, String cursor, int limit) {
        UUID lockId = parseId(id);
        if (id != null && !id.isEmpty() && lockId == null) {
            return new Page(List.of(), null);
        }
        int size = Math.max(1, Math.min(limit <= 0 ? 100 : limit, MAX_LIMIT));
        List<Lock> locks = jdbc.sql(SELECT + """
                         WHERE l.repository_id = :repo
                           AND (CAST(:path AS varchar) IS NULL OR l.path = :path)
                           AND (CAST(:id AS uuid) IS NULL OR l.id = :id)
                           AND (CAST(:cursor AS varchar) IS NULL OR l.path >= :cursor)
                         ORDER BY l.path LIMIT :limit""")
                .param("repo", repositoryId).param("path", blankToNull(path)).param("id", lockId)
                .param("cursor", blankToNull(cursor)).param("limit", size + 1)
                .query(LfsLockService::lock).list();
        if (locks.size() > size) {
            return new Page(locks.subList(0, size), locks.get(size).path());
        }
        return new Page(locks, null);
    }

    /**
     * Removes a lock of this repository: its owner may, and with {@code force} so may an admin of the
     * namespace. 404 when the repository has no such lock, 403 otherwise.
     */
    Lock unlock(Repo repo, Caller caller, String id, boolean force) {
        Lock lock = byId(repo.id(), id).orElseThrow(() -> HubException.notFound("Lock " + id + " does not exist"));
        boolean owner = caller.accountId() != null && caller.accountId() == lock.ownerId();
        if (!owner && !force) {
            throw HubException.forbidden("The lock on " + lock.path() + " is owned by " + lock.ownerName()
                    + "; only they can unlock it, or a repository admin with --force");
        }
        if (!owner && !canForce(caller, repo.namespace())) {
            throw HubException.forbidden("Only an admin of " + repo.namespace() + " can force-unlock "
                    + lock.path() + ", which is locked by " + lock.ownerName());
        }
        jdbc.sql("DELETE FROM lfs_lock WHERE repository_id = :repo AND id = :id")
                .param("repo", repo.id()).param("id", lock.id()).update();
        return lock;
    }

    /** Hub admins, the namespace's own user, and admins of the namespace's organization. */
    static boolean canForce(Caller caller, String namespace) {
        if (caller.isAnonymous() || caller.isReadOnlyToken()) {
            return false;
        }
        return caller.admin() || namespace.equalsIgnoreCase(caller.name()) || "admin".equals(caller.roleIn(namespace));
    }

    private Optional<Lock> byId(UUID repositoryId, String id) {
        UUID lockId = parseId(id);
        if (lockId == null) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT + "WHERE l.repository_id = :repo AND l.id = :id")
                .param("repo", repositoryId).param("id", lockId).query(LfsLockService::lock).optional();
    }

    private Optional<Lock> byPath(UUID repositoryId, String path) {
        return jdbc.sql(SELECT + "WHERE l.repository_id = :repo AND l.path = :path")
                .param("repo", repositoryId).param("path", path).query(LfsLockService::lock).optional();
    }

    private static final String SELECT = """
            SELECT l.id, l.path, l.owner_id, a.name, l.locked_at FROM lfs_lock l
            JOIN account a ON a.id = l.owner_id
            """;

    private static Lock lock(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Lock(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getString(4),
                rs.getTimestamp(5).toInstant());
    }

    private static UUID parseId(String id) {
        if (id == null || id.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(id.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** A repository-relative file path as git-lfs sends it: forward slashes, no empty, {@code .} or {@code ..} parts. */
    static void validatePath(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_PATH || path.startsWith("/") || path.endsWith("/")
                || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            throw HubException.badRequest("Invalid lock path '" + path + "'");
        }
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw HubException.badRequest("Invalid lock path '" + path + "'");
            }
        }
    }
}
