package org.selfhub.hub.inference;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived, repository-scoped read credentials handed to a worker with each lease, so it can
 * fetch the model's files through the hub's ordinary {@code resolve} route without a user's token
 * (inference-design.md §3.2). Format: {@code hfw_<payload>.<signature>}, both base64url without
 * padding; the payload is {@code <repository uuid>:<commit sha>:<expiry epoch seconds>} and the
 * signature is HMAC-SHA256 over the payload with a key derived from {@code hub.inference.worker-secret},
 * so every hub instance sharing the secret accepts it and rotating the secret revokes them all.
 */
public final class ModelReadTokens {

    /** The prefix, distinct from user tokens ({@code hf_}). */
    public static final String PREFIX = org.selfhub.hub.auth.spi.ScopedReadTokens.PREFIX;

    /** What a valid token grants: read access to one repository, at one commit, until it expires. */
    public record Grant(UUID repositoryId, String sha, Instant expiresAt) {
    }

    private final byte[] key;
    private final Clock clock;

    ModelReadTokens(String workerSecret, Clock clock) {
        this.key = deriveKey(workerSecret);
        this.clock = clock;
    }

    String issue(UUID repositoryId, String sha, Duration ttl) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        String payload = repositoryId + ":" + sha + ":" + expires;
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return PREFIX + b64.encodeToString(payload.getBytes(StandardCharsets.US_ASCII)) + "."
                + b64.encodeToString(mac(payload));
    }

    /** The grant of a well-formed, correctly signed, unexpired token; empty otherwise. */
    public Optional<Grant> verify(String token) {
        if (key == null || token == null || !token.startsWith(PREFIX) || token.length() > 400) {
            return Optional.empty();
        }
        String body = token.substring(PREFIX.length());
        int dot = body.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            String payload = new String(b64.decode(body.substring(0, dot)), StandardCharsets.US_ASCII);
            byte[] given = b64.decode(body.substring(dot + 1));
            if (!MessageDigest.isEqual(mac(payload), given)) {
                return Optional.empty();
            }
            String[] parts = payload.split(":");
            if (parts.length != 3) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
            if (clock.instant().isAfter(expires)) {
                return Optional.empty();
            }
            return Optional.of(new Grant(UUID.fromString(parts[0]), parts[1], expires));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        if (key == null) {
            throw new IllegalStateException("hub.inference.worker-secret is not set");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] deriveKey(String secret) {
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        try {
            // A key of its own, so a read token never reveals anything usable as the pool secret.
            return MessageDigest.getInstance("SHA-256")
                    .digest(("selfhub-inference-read-token\0" + secret).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
