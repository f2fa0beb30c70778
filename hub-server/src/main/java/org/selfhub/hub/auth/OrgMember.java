package org.selfhub.hub.auth;

/** A user's membership of an organization. {@code role} is {@code admin}, {@code write} or {@code read}. */
public record OrgMember(long userId, String name, String fullname, String avatarUrl, String role) {
}
