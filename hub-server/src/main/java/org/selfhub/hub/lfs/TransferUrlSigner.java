package org.selfhub.hub.lfs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.selfhub.hub.shared.HubException;

/**
 * Signs and checks the hub's own transfer URLs: the LFS clients send no {@code Authorization} on
 * upload PUTs, part PUTs and multipart completions (hub-api-contract.md §7.6), so the URL itself is
 * the authorization. The signature is an HMAC-SHA256 over the method, the path below
 * {@code /api/lfs/}, every query parameter (oid, size, repository, upload id, ...) and the expiry
 * {@code exp} (Unix seconds); it is sent as {@code sig}.
 */
final class TransferUrlSigner {

    static final String EXPIRES = "exp";
    static final String SIGNATURE = "sig";

    private final byte[] key;
    private final Clock clock;

    TransferUrlSigner(byte[] key, Clock clock) {
        if (key.length < 16) {
            throw new IllegalArgumentException("Signing key too short");
        }
        this.key = key.clone();
        this.clock = clock;
    }

    /** The query parameters of a URL valid for {@code ttl}: {@code params}, then {@code exp} and {@code sig}. */
    Map<String, String> sign(String method, String path, Map<String, String> params, Duration ttl) {
        Map<String, String> signed = new LinkedHashMap<>(params);
        signed.put(EXPIRES, Long.toString(clock.instant().plus(ttl).getEpochSecond()));
        signed.put(SIGNATURE, signature(method, path, signed));
        return signed;
    }

    /**
     * Checks a request's signature and expiry; throws 403 when the signature does not match any
     * parameter or the URL expired.
     */
    void verify(String method, String path, Map<String, String> params) {
        String given = params.get(SIGNATURE);
        String expires = params.get(EXPIRES);
        if (given == null || expires == null) {
            throw HubException.forbidden("This transfer URL is not signed");
        }
        byte[] expected = signature(method, path, params).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII))) {
            throw HubException.forbidden("This transfer URL's signature is invalid");
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw HubException.forbidden("This transfer URL's signature is invalid");
        }
        if (clock.instant().getEpochSecond() > expiresAt) {
            throw HubException.forbidden("This transfer URL has expired; ask the LFS batch API for a new one");
        }
    }

    private String signature(String method, String path, Map<String, String> params) {
        // Length-prefixed fields, so no choice of values can make two different URLs sign alike.
        StringBuilder canonical = new StringBuilder();
        field(canonical, method.toUpperCase(java.util.Locale.ROOT));
        field(canonical, path);
        new TreeMap<>(params).forEach((name, value) -> {
            if (!SIGNATURE.equals(name)) {
                field(canonical, name);
                field(canonical, value);
            }
        });
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static void field(StringBuilder canonical, String value) {
        canonical.append(value.length()).append(':').append(value).append(';');
    }
}
