package org.selfhub.hub.auth;

import java.time.Instant;

/** A row of {@code account}; stays inside this package. */
record AccountRow(long id, String kind, String name, String fullname, String email, String passwordHash,
                  String avatarUrl, boolean admin, boolean disabled, Instant createdAt, Instant sessionsValidAfter) {

    boolean isOrg() {
        return "org".equals(kind);
    }

    UserAccount toUser() {
        return new UserAccount(id, name, fullname, email, avatarUrl, admin, disabled, createdAt);
    }

    Namespace toNamespace() {
        return new Namespace(id, name, Namespace.Kind.fromValue(kind));
    }

    @Override
    public String toString() {
        return "AccountRow[id=" + id + ", kind=" + kind + ", name=" + name + "]";
    }
}
