package org.selfhub.hub.lfs;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.system.PublicUrls;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The hub's own signed transfer URLs, all under {@value #PREFIX}: absolute on the public base URL
 * (hub-api-contract.md §1.1), signed by {@link TransferUrlSigner} with a key from
 * {@code hub.lfs.signing-key} or, by default, one random key kept in the database.
 */
@Component
class TransferUrls {

    static final String PREFIX = "/api/lfs/";

    private final PublicUrls publicUrls;
    private final JdbcClient jdbc;
    private final LfsProperties properties;
    private final Clock clock;
    private volatile TransferUrlSigner signer;

    TransferUrls(PublicUrls publicUrls, JdbcClient jdbc, LfsProperties properties, Clock clock) {
        this.publicUrls = publicUrls;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** An absolute URL for {@code method} on {@code PREFIX + path}, valid for the configured TTL. */
    URI sign(HttpServletRequest request, String method, String path, Map<String, String> params) {
        Map<String, String> signed = signer().sign(method, path, params, properties.urlTtl());
        String query = signed.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return URI.create(publicUrls.base(request) + PREFIX + path + "?" + query);
    }

    /**
     * The request's query parameters, once its signature and expiry were checked against
     * {@code path}. HEAD is checked as GET. Throws 403 otherwise.
     */
    Map<String, String> verify(HttpServletRequest request, String path) {
        Map<String, String> params = query(request.getQueryString());
        String method = "HEAD".equals(request.getMethod()) ? "GET" : request.getMethod();
        signer().verify(method, path, params);
        return params;
    }

    Duration ttl() {
        return properties.urlTtl();
    }

    private TransferUrlSigner signer() {
        TransferUrlSigner current = signer;
        if (current == null) {
            current = new TransferUrlSigner(key(), clock);
            signer = current;
        }
        return current;
    }

    private byte[] key() {
        if (!properties.signingKey().isEmpty()) {
            return sha256(properties.signingKey().getBytes(StandardCharsets.UTF_8));
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        // The first server to get here wins; everyone else reads its key.
        jdbc.sql("INSERT INTO lfs_signing_key (id, secret) VALUES (1, :secret) ON CONFLICT (id) DO NOTHING")
                .param("secret", fresh).update();
        return jdbc.sql("SELECT secret FROM lfs_signing_key WHERE id = 1").query(byte[].class).single();
    }

    /** Parses a raw query string; a parameter given twice makes the URL invalid (403). */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.put(name, value) != null) {
                throw HubException.forbidden("This transfer URL's signature is invalid");
            }
        }
        return params;
    }

    static Optional<String> param(Map<String, String> params, String name) {
        return Optional.ofNullable(params.get(name));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HubException.forbidden("This transfer URL's signature is invalid");
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
