package org.selfhub.hub.auth;

import java.time.Instant;

/** An organization with its number of members. */
public record OrganizationAccount(long id, String name, String fullname, String avatarUrl, Instant createdAt,
                                  int numMembers) {
}
