package org.selfhub.hub.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail (table {@code audit_log}): who did what to whom, when and from which address.
 * The client address is the current request's ({@code X-Forwarded-For} is honoured by Boot's
 * forwarded-header filter). Callers must never pass a secret in {@code details}.
 */
@Service
public class AuditLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records an event. It joins the caller's transaction, so a rolled-back change leaves no row;
     * failed logins use {@link #recordNow} instead.
     */
    @Transactional
    public void record(String actor, String action, String target, Map<String, ?> details) {
        insert(actor, action, target, details);
    }

    /** Records an event in a transaction of its own, kept even when the caller's work fails. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordNow(String actor, String action, String target, Map<String, ?> details) {
        insert(actor, action, target, details);
    }

    /** Newest first; each filter may be null. {@code limit} is capped at 1000. */
    @Transactional(readOnly = true)
    public List<AuditEntry> search(String actor, String action, Instant since, int limit) {
        return jdbc.sql("""
                        SELECT id, occurred_at, actor, action, target, client_address, details::text AS details
                        FROM audit_log
                        WHERE (CAST(:actor AS text) IS NULL OR lower(actor) = lower(CAST(:actor AS text)))
                          AND (CAST(:action AS text) IS NULL OR action = CAST(:action AS text))
                          AND (CAST(:since AS timestamptz) IS NULL OR occurred_at >= CAST(:since AS timestamptz))
                        ORDER BY occurred_at DESC, id DESC
                        LIMIT :limit""")
                .param("actor", actor)
                .param("action", action)
                .param("since", since == null ? null : Timestamp.from(since))
                .param("limit", Math.max(1, Math.min(limit, 1000)))
                .query((rs, n) -> new AuditEntry(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target"),
                        rs.getString("client_address"), rs.getString("details")))
                .list();
    }

    private void insert(String actor, String action, String target, Map<String, ?> details) {
        jdbc.sql("""
                        INSERT INTO audit_log (occurred_at, actor, action, target, client_address, details)
                        VALUES (:at, :actor, :action, :target, :address, CAST(:details AS jsonb))""")
                .param("at", Timestamp.from(clock.instant()))
                .param("actor", actor)
                .param("action", action)
                .param("target", target)
                .param("address", clientAddress())
                .param("details", details == null || details.isEmpty() ? null : JSON.writeValueAsString(details))
                .update();
    }

    static String clientAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            String address = request.getRemoteAddr();
            return address == null || address.length() <= 64 ? address : address.substring(0, 64);
        }
        return null;
    }
}
