package org.selfhub.hub.xet;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * HMAC-SHA256 over the hub's Xet credentials: CAS access tokens and xorb range URLs. The key comes
 * from {@code hub.xet.signing-key}, or by default one random key kept in the database (the same
 * approach as the LFS transfer URLs).
 */
@Component
class XetSigner {

    private final JdbcClient jdbc;
    private final XetProperties properties;
    private volatile byte[] key;

    XetSigner(JdbcClient jdbc, XetProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The URL-safe base64 HMAC of {@code text}. */
    String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Whether {@code signature} is {@link #sign}'s answer for {@code text}, in constant time. */
    boolean matches(String text, String signature) {
        return signature != null && MessageDigest.isEqual(sign(text).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] key() {
        byte[] current = key;
        if (current != null) {
            return current;
        }
        if (!properties.signingKey().isEmpty()) {
            try {
                current = MessageDigest.getInstance("SHA-256")
                        .digest(properties.signingKey().getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        } else {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            // The first server to get here wins; everyone else reads its key.
            jdbc.sql("INSERT INTO xet_signing_key (id, secret) VALUES (1, :secret) ON CONFLICT (id) DO NOTHING")
                    .param("secret", fresh).update();
            current = jdbc.sql("SELECT secret FROM xet_signing_key WHERE id = 1").query(byte[].class).single();
        }
        key = current;
        return current;
    }
}
