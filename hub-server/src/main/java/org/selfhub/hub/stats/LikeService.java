package org.selfhub.hub.stats;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.selfhub.hub.auth.AccessPolicy;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.auth.Namespace;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.repo.RepoService;
import org.selfhub.hub.shared.RepoRef;
import org.selfhub.hub.shared.RepoType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Likes: one per account and repository the account may read. Liking twice or unliking a repository
 * that was not liked changes nothing. Counters are recomputed in the same transaction.
 */
@Service
class LikeService {

    /** One like of a user, for {@code GET /api/users/{name}/likes}. */
    record Like(Instant createdAt, RepoType type, String repoId) {
    }

    /** One account that liked a repository, for {@code GET /api/{type}s/{id}/likers}. */
    record Liker(String name, String fullname, String avatarUrl) {
    }

    private final JdbcClient jdbc;
    private final RepoService repos;
    private final AccessPolicy policy;
    private final CounterWindows windows;
    private final Clock clock;

    LikeService(JdbcClient jdbc, RepoService repos, AccessPolicy policy, CounterWindows windows, Clock clock) {
        this.jdbc = jdbc;
        this.repos = repos;
        this.policy = policy;
        this.windows = windows;
        this.clock = clock;
    }

    @Transactional
    public void like(Caller caller, RepoRef ref) {
        Repo repo = readableBySignedInCaller(caller, ref);
        int inserted = jdbc.sql("""
                        INSERT INTO repository_like (repository_id, account_id, created_at) VALUES (:repo, :account, :now)
                        ON CONFLICT DO NOTHING""")
                .param("repo", repo.id()).param("account", caller.accountId())
                .param("now", Timestamp.from(clock.instant()))
                .update();
        if (inserted > 0) {
            windows.refresh(repo.id(), windows.today());
        }
    }

    @Transactional
    public void unlike(Caller caller, RepoRef ref) {
        Repo repo = readableBySignedInCaller(caller, ref);
        int deleted = jdbc.sql("DELETE FROM repository_like WHERE repository_id = :repo AND account_id = :account")
                .param("repo", repo.id()).param("account", caller.accountId())
                .update();
        if (deleted > 0) {
            windows.refresh(repo.id(), windows.today());
        }
    }

    /** The user's likes, newest first, of repositories the caller may read. */
    @Transactional(readOnly = true)
    public List<Like> likesOf(Namespace user, Caller caller) {
        return jdbc.sql("""
                        SELECT l.created_at, r.type, r.namespace, r.name, r.private FROM repository_like l
                        JOIN repository r ON r.id = l.repository_id
                        WHERE l.account_id = :account ORDER BY l.created_at DESC, r.id""")
                .param("account", user.id())
                .query((rs, n) -> rs.getBoolean("private")
                        && !policy.canRead(caller, rs.getString("namespace"), true) ? null
                        : new Like(rs.getTimestamp("created_at").toInstant(), RepoType.fromValue(rs.getString("type")),
                                rs.getString("namespace") + "/" + rs.getString("name")))
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    /** The accounts that liked a repository the caller may read, newest first. */
    @Transactional(readOnly = true)
    public List<Liker> likers(Caller caller, RepoRef ref) {
        Repo repo = repos.requireReadable(caller, ref);
        return jdbc.sql("""
                        SELECT a.name, a.fullname, a.avatar_url FROM repository_like l
                        JOIN account a ON a.id = l.account_id
                        WHERE l.repository_id = :repo ORDER BY l.created_at DESC, a.id""")
                .param("repo", repo.id())
                .query((rs, n) -> new Liker(rs.getString("name"), rs.getString("fullname"), rs.getString("avatar_url")))
                .list();
    }

    private Repo readableBySignedInCaller(Caller caller, RepoRef ref) {
        policy.requireAuthenticated(caller);
        Repo repo = repos.requireReadable(caller, ref);
        policy.requireWriteToken(caller);
        return repo;
    }
}
