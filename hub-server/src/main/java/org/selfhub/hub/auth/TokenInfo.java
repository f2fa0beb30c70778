package org.selfhub.hub.auth;

import java.time.Instant;

/** An access token without its secret: {@code prefix} is {@code hf_} plus its first few characters. */
public record TokenInfo(long id, String name, String role, String prefix, Instant createdAt, Instant lastUsedAt) {
}
