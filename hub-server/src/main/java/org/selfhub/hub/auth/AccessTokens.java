package org.selfhub.hub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Access token format: {@code hf_} plus 34 base62 characters, about 202 random bits from
 * {@link SecureRandom} (huggingface.co's tokens have the same shape; JS {@code checkCredentials}
 * requires the {@code hf_} prefix, hub-api-contract.md §1.5). Only the SHA-256 of the whole token is
 * stored: with that much entropy a fast hash cannot be brute-forced, and lookups stay one index probe.
 */
final class AccessTokens {

    static final String PREFIX = "hf_";
    static final int RANDOM_CHARS = 34;
    /** Characters after {@code hf_} kept in clear to tell tokens apart in listings (leaves ~166 secret bits). */
    static final int VISIBLE_CHARS = 6;

    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private AccessTokens() {
    }

    static String generate(SecureRandom random) {
        StringBuilder sb = new StringBuilder(PREFIX.length() + RANDOM_CHARS).append(PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            sb.append(BASE62[random.nextInt(BASE62.length)]);
        }
        return sb.toString();
    }

    /** Lower-case hex SHA-256 of the token's UTF-8 bytes: the value of {@code access_token.token_hash}. */
    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The part stored in {@code token_prefix}: the first characters after {@code hf_}. */
    static String visiblePart(String token) {
        return token.substring(PREFIX.length(), PREFIX.length() + VISIBLE_CHARS);
    }

    /** Shortest token accepted (a configured bootstrap token may be shorter than a generated one). */
    static final int MIN_LENGTH = PREFIX.length() + 20;

    /**
     * Whether the value can be a token of this hub: {@code hf_} plus at least 20 base62 characters
     * (the generated ones have 34; a configured bootstrap token needs at least 20, about 119 bits).
     */
    static boolean looksLikeToken(String value) {
        if (value == null || value.length() < MIN_LENGTH || value.length() > 200 || !value.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}
