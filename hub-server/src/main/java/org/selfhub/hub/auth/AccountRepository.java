package org.selfhub.hub.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Accounts (users and organizations) and memberships, over plain SQL. */
@Repository
class AccountRepository {

    private static final String COLUMNS = "id, kind, name, fullname, email, password_hash, avatar_url, is_admin,"
            + " disabled, created_at, sessions_valid_after";

    private final JdbcClient jdbc;
    private final CallerCache callers;

    AccountRepository(JdbcClient jdbc, CallerCache callers) {
        this.jdbc = jdbc;
        this.callers = callers;
    }

    Optional<AccountRow> findByName(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE lower(name) = lower(:name)")
                .param("name", name).query(AccountRepository::row).optional();
    }

    Optional<AccountRow> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE id = :id")
                .param("id", id).query(AccountRepository::row).optional();
    }

    /** A user by name or e-mail address (the login form takes either). */
    Optional<AccountRow> findUserByLogin(String login) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE kind = 'user'"
                        + " AND (lower(name) = lower(:login) OR lower(email) = lower(:login))"
                        + " ORDER BY (lower(name) = lower(:login)) DESC LIMIT 1")
                .param("login", login).query(AccountRepository::row).optional();
    }

    boolean anyUser() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM account WHERE kind = 'user')").query(Boolean.class).single();
    }

    boolean emailTaken(String email, Long exceptId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM account WHERE lower(email) = lower(:email)"
                        + " AND (CAST(:except AS bigint) IS NULL OR id <> CAST(:except AS bigint)))")
                .param("email", email).param("except", exceptId).query(Boolean.class).single();
    }

    long insert(String kind, String name, String fullname, String email, String passwordHash, boolean admin,
                Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO account (kind, name, fullname, email, password_hash, is_admin, created_at, updated_at)
                        VALUES (:kind, :name, :fullname, :email, :hash, :admin, :now, :now)""")
                .param("kind", kind).param("name", name).param("fullname", fullname).param("email", email)
                .param("hash", passwordHash).param("admin", admin).param("now", Timestamp.from(now))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    void update(AccountRow a, Instant now) {
        callers.invalidateAll();
        jdbc.sql("""
                        UPDATE account SET fullname = :fullname, email = :email, password_hash = :hash, is_admin = :admin,
                               disabled = :disabled, sessions_valid_after = :valid, updated_at = :now
                        WHERE id = :id""")
                .param("fullname", a.fullname()).param("email", a.email()).param("hash", a.passwordHash())
                .param("admin", a.admin()).param("disabled", a.disabled())
                .param("valid", a.sessionsValidAfter() == null ? null : Timestamp.from(a.sessionsValidAfter()))
                .param("now", Timestamp.from(now)).param("id", a.id())
                .update();
    }

    void invalidateSessions(long id, Instant now) {
        callers.invalidateAll();
        jdbc.sql("UPDATE account SET sessions_valid_after = :now WHERE id = :id")
                .param("now", Timestamp.from(now)).param("id", id).update();
    }

    void delete(long id) {
        callers.invalidateAll();
        jdbc.sql("DELETE FROM account WHERE id = :id").param("id", id).update();
    }

    List<AccountRow> list(String kind) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE kind = :kind ORDER BY lower(name)")
                .param("kind", kind).query(AccountRepository::row).list();
    }

    /** Organization name (lower case) → role, for a user. */
    Map<String, String> orgRoles(long userId) {
        Map<String, String> roles = new LinkedHashMap<>();
        jdbc.sql("SELECT lower(o.name) AS name, m.role FROM membership m JOIN account o ON o.id = m.org_id"
                        + " WHERE m.user_id = :id")
                .param("id", userId)
                .query(rs -> {
                    roles.put(rs.getString("name"), rs.getString("role"));
                });
        return roles;
    }

    /** The organizations of a user, with the user's role in each, by name. */
    List<Map.Entry<AccountRow, String>> orgsOf(long userId) {
        return jdbc.sql("SELECT o.id, o.kind, o.name, o.fullname, o.email, o.password_hash, o.avatar_url, o.is_admin,"
                        + " o.disabled, o.created_at, o.sessions_valid_after, m.role"
                        + " FROM membership m JOIN account o ON o.id = m.org_id WHERE m.user_id = :id"
                        + " ORDER BY lower(o.name)")
                .param("id", userId)
                .query((rs, n) -> Map.entry(row(rs, n), rs.getString("role")))
                .list();
    }

    List<OrgMember> members(long orgId) {
        return jdbc.sql("SELECT u.id, u.name, u.fullname, u.avatar_url, m.role FROM membership m"
                        + " JOIN account u ON u.id = m.user_id WHERE m.org_id = :id ORDER BY lower(u.name)")
                .param("id", orgId)
                .query((rs, n) -> new OrgMember(rs.getLong("id"), rs.getString("name"), rs.getString("fullname"),
                        rs.getString("avatar_url"), rs.getString("role")))
                .list();
    }

    int memberCount(long orgId) {
        return jdbc.sql("SELECT count(*) FROM membership WHERE org_id = :id").param("id", orgId)
                .query(Integer.class).single();
    }

    int adminCount(long orgId) {
        return jdbc.sql("SELECT count(*) FROM membership WHERE org_id = :id AND role = 'admin'").param("id", orgId)
                .query(Integer.class).single();
    }

    Optional<String> role(long orgId, long userId) {
        return jdbc.sql("SELECT role FROM membership WHERE org_id = :org AND user_id = :user")
                .param("org", orgId).param("user", userId).query(String.class).optional();
    }

    void upsertMembership(long orgId, long userId, String role, Instant now) {
        callers.invalidateAll();
        jdbc.sql("""
                        INSERT INTO membership (org_id, user_id, role, created_at) VALUES (:org, :user, :role, :now)
                        ON CONFLICT (org_id, user_id) DO UPDATE SET role = EXCLUDED.role""")
                .param("org", orgId).param("user", userId).param("role", role).param("now", Timestamp.from(now))
                .update();
    }

    boolean deleteMembership(long orgId, long userId) {
        callers.invalidateAll();
        return jdbc.sql("DELETE FROM membership WHERE org_id = :org AND user_id = :user")
                .param("org", orgId).param("user", userId).update() > 0;
    }

    private static AccountRow row(ResultSet rs, int n) throws SQLException {
        Timestamp valid = rs.getTimestamp("sessions_valid_after");
        return new AccountRow(rs.getLong("id"), rs.getString("kind"), rs.getString("name"), rs.getString("fullname"),
                rs.getString("email"), rs.getString("password_hash"), rs.getString("avatar_url"),
                rs.getBoolean("is_admin"), rs.getBoolean("disabled"), rs.getTimestamp("created_at").toInstant(),
                valid == null ? null : valid.toInstant());
    }
}
