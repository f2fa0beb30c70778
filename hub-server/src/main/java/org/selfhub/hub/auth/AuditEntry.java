package org.selfhub.hub.auth;

import java.time.Instant;

/** One row of the audit log; {@code details} is a JSON object as text, never holding a secret. */
public record AuditEntry(long id, Instant occurredAt, String actor, String action, String target,
                         String clientAddress, String details) {
}
