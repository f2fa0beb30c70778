package org.selfhub.hub.auth;

import java.time.Instant;

/** A user as the admin API and the UI see it; never carries the password hash. */
public record UserAccount(long id, String name, String fullname, String email, String avatarUrl, boolean admin,
                          boolean disabled, Instant createdAt) {
}
