package org.selfhub.hub.auth;

import java.nio.charset.StandardCharsets;
import org.selfhub.hub.shared.HubException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing with bcrypt (cost 10). bcrypt only reads the first 72 bytes, so longer passwords
 * are refused rather than silently truncated.
 */
@Component
class Passwords {

    static final int MIN_LENGTH = 8;
    static final int MAX_BYTES = 72;

    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(10);
    /** Compared against when the user does not exist, so a login takes as long either way. */
    private final String dummyHash = encoder.encode("no-such-user-password");

    String hash(String password) {
        requireAcceptable(password);
        return encoder.encode(password);
    }

    boolean matches(String password, String hash) {
        if (password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            encoder.matches("x", dummyHash);
            return false;
        }
        return encoder.matches(password, hash == null ? dummyHash : hash) && hash != null;
    }

    static void requireAcceptable(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw HubException.badRequest("The password must have at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw HubException.badRequest("The password must have at most " + MAX_BYTES + " bytes");
        }
    }
}
