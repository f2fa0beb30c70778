package org.selfhub.hub.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Access tokens, found by the SHA-256 of the secret; the secret itself is never stored. */
@Repository
class TokenRepository {

    /** A live token with what authentication needs of its account. */
    record TokenOwner(long tokenId, String role, Instant lastUsedAt, long accountId, String name, boolean admin) {
    }

    private final JdbcClient jdbc;
    private final CallerCache callers;

    TokenRepository(JdbcClient jdbc, CallerCache callers) {
        this.jdbc = jdbc;
        this.callers = callers;
    }

    /** The token with this hash when it is not revoked and its user exists and is enabled. */
    Optional<TokenOwner> findLive(String tokenHash) {
        return jdbc.sql("""
                        SELECT t.id, t.role, t.last_used_at, a.id AS account_id, a.name, a.is_admin
                        FROM access_token t JOIN account a ON a.id = t.account_id
                        WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND NOT a.disabled AND a.kind = 'user'""")
                .param("hash", tokenHash)
                .query((rs, n) -> {
                    Timestamp used = rs.getTimestamp("last_used_at");
                    return new TokenOwner(rs.getLong("id"), rs.getString("role"),
                            used == null ? null : used.toInstant(), rs.getLong("account_id"), rs.getString("name"),
                            rs.getBoolean("is_admin"));
                })
                .optional();
    }

    TokenInfo insert(long accountId, String name, String role, String hash, String visiblePart, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO access_token (account_id, name, role, token_hash, token_prefix, created_at)
                        VALUES (:account, :name, :role, :hash, :prefix, :now)""")
                .param("account", accountId).param("name", name).param("role", role).param("hash", hash)
                .param("prefix", visiblePart).param("now", Timestamp.from(now))
                .update(keys, "id");
        return new TokenInfo(keys.getKeyAs(Long.class), name, role, AccessTokens.PREFIX + visiblePart, now, null);
    }

    List<TokenInfo> listLive(long accountId) {
        return jdbc.sql("SELECT id, name, role, token_prefix, created_at, last_used_at FROM access_token"
                        + " WHERE account_id = :account AND revoked_at IS NULL ORDER BY created_at, id")
                .param("account", accountId).query(TokenRepository::info).list();
    }

    Optional<TokenInfo> findLive(long accountId, long tokenId) {
        return jdbc.sql("SELECT id, name, role, token_prefix, created_at, last_used_at FROM access_token"
                        + " WHERE account_id = :account AND id = :id AND revoked_at IS NULL")
                .param("account", accountId).param("id", tokenId).query(TokenRepository::info).optional();
    }

    boolean revoke(long accountId, long tokenId, Instant now) {
        callers.invalidateAll();
        return jdbc.sql("UPDATE access_token SET revoked_at = :now"
                        + " WHERE account_id = :account AND id = :id AND revoked_at IS NULL")
                .param("now", Timestamp.from(now)).param("account", accountId).param("id", tokenId).update() > 0;
    }

    /** Moves {@code last_used_at} forward unless another request already did within the last minute. */
    void touch(long tokenId, Instant now) {
        jdbc.sql("UPDATE access_token SET last_used_at = :now WHERE id = :id"
                        + " AND (last_used_at IS NULL OR last_used_at < :threshold)")
                .param("now", Timestamp.from(now)).param("id", tokenId)
                .param("threshold", Timestamp.from(now.minusSeconds(60)))
                .update();
    }

    private static TokenInfo info(ResultSet rs, int n) throws SQLException {
        Timestamp used = rs.getTimestamp("last_used_at");
        return new TokenInfo(rs.getLong("id"), rs.getString("name"), rs.getString("role"),
                AccessTokens.PREFIX + rs.getString("token_prefix"), rs.getTimestamp("created_at").toInstant(),
                used == null ? null : used.toInstant());
    }
}
