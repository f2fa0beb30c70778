package org.selfhub.hub.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Browser sessions as signed, expiring cookies rather than servlet sessions: any replica can check
 * one without a shared session store (architecture.md: stateless replicas). The cookie holds the
 * account id, the issue time and the expiry, signed with HMAC-SHA256 under a key kept in the shared
 * database (table {@code hub_secret}, made on first use). Logout, a password change and disabling
 * the user set {@code account.sessions_valid_after}, which ends every cookie issued before it, so
 * revocation needs no session table either; every request re-reads the account anyway.
 *
 * <p>CSRF: double-submit. The {@code XSRF-TOKEN} cookie (readable by the UI's script) holds an HMAC
 * of the session cookie; unsafe requests authenticated by the cookie must echo it in
 * {@code X-XSRF-TOKEN}. Bearer-token requests need none: a browser never adds that header by itself.
 */
@Component
class SessionCookies {

    static final String SESSION_COOKIE = "hub_session";
    static final String CSRF_COOKIE = "XSRF-TOKEN";
    static final String CSRF_HEADER = "X-XSRF-TOKEN";

    /** A verified session cookie: whose it is and when it was issued. */
    record Session(long accountId, Instant issuedAt, String cookieValue) {
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration ttl;
    private final AtomicReference<byte[]> key = new AtomicReference<>();

    SessionCookies(JdbcClient jdbc, Clock clock, AuthProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ttl = properties.sessionTtl();
    }

    /** Sets the session and CSRF cookies; returns the CSRF token. */
    String issue(long accountId, HttpServletRequest request, HttpServletResponse response) {
        Instant now = clock.instant();
        String payload = "v1." + accountId + "." + now.toEpochMilli() + "." + now.plus(ttl).getEpochSecond();
        String value = payload + "." + B64.encodeToString(mac("session|" + payload));
        String csrf = csrfToken(value);
        boolean secure = request.isSecure();
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(SESSION_COOKIE, value).path("/").httpOnly(true)
                .secure(secure).sameSite("Lax").maxAge(ttl).build().toString());
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(CSRF_COOKIE, csrf).path("/").httpOnly(false)
                .secure(secure).sameSite("Lax").maxAge(ttl).build().toString());
        return csrf;
    }

    void clear(HttpServletRequest request, HttpServletResponse response) {
        boolean secure = request.isSecure();
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(SESSION_COOKIE, "").path("/").httpOnly(true)
                .secure(secure).sameSite("Lax").maxAge(0).build().toString());
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(CSRF_COOKIE, "").path("/").httpOnly(false)
                .secure(secure).sameSite("Lax").maxAge(0).build().toString());
    }

    /** The request's session cookie when its signature holds and it has not expired. */
    Optional<Session> read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (SESSION_COOKIE.equals(cookie.getName())) {
                Optional<Session> session = verify(cookie.getValue());
                if (session.isPresent()) {
                    return session;
                }
            }
        }
        return Optional.empty();
    }

    boolean hasSessionCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (SESSION_COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    Optional<Session> verify(String value) {
        if (value == null || value.length() > 300) {
            return Optional.empty();
        }
        int lastDot = value.lastIndexOf('.');
        if (lastDot < 0) {
            return Optional.empty();
        }
        String payload = value.substring(0, lastDot);
        byte[] signature;
        try {
            signature = B64D.decode(value.substring(lastDot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(signature, mac("session|" + payload))) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\.");
        if (parts.length != 4 || !parts[0].equals("v1")) {
            return Optional.empty();
        }
        try {
            long accountId = Long.parseLong(parts[1]);
            Instant issued = Instant.ofEpochMilli(Long.parseLong(parts[2]));
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[3]));
            if (!clock.instant().isBefore(expires)) {
                return Optional.empty();
            }
            return Optional.of(new Session(accountId, issued, value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The CSRF token bound to a session cookie value. */
    String csrfToken(String sessionCookieValue) {
        return B64.encodeToString(mac("csrf|" + sessionCookieValue));
    }

    boolean csrfMatches(Session session, String header) {
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                csrfToken(session.cookieValue()).getBytes(StandardCharsets.UTF_8));
    }

    private byte[] mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** The signing key, created once for the whole hub (the first replica to ask wins the insert). */
    private byte[] key() {
        byte[] k = key.get();
        if (k == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            jdbc.sql("INSERT INTO hub_secret (name, value) VALUES ('session-hmac', :value) ON CONFLICT (name) DO NOTHING")
                    .param("value", fresh).update();
            k = jdbc.sql("SELECT value FROM hub_secret WHERE name = 'session-hmac'").query(byte[].class).single();
            key.compareAndSet(null, k);
        }
        return k;
    }
}
