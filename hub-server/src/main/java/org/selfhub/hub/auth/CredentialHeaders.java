package org.selfhub.hub.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Reads the access token out of an {@code Authorization} header: {@code Bearer <token>} (the HF
 * clients), or {@code Basic base64(user:token)} where the user name is ignored (git sends the token
 * as the password, as on huggingface.co). Anything else yields null, which no token matches.
 */
final class CredentialHeaders {

    private CredentialHeaders() {
    }

    static String token(String authorization) {
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = value.substring(space + 1).strip();
        if (scheme.equals("bearer")) {
            return credentials;
        }
        if (scheme.equals("basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    static boolean isBasic(String authorization) {
        return authorization != null && authorization.strip().regionMatches(true, 0, "basic ", 0, 6);
    }
}
