package org.selfhub.hub.xet;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Issues and checks CAS access tokens: {@code xet1.<base64url payload>.<HMAC>}. The payload names
 * the repository, scope, account, expiry and revision; nothing is stored, so a token lives until
 * its honest {@code exp} (hf_xet does not retry a 401, xet.md §1.1).
 */
@Component
class XetTokens {

    private static final String PREFIX = "xet1.";

    private final XetSigner signer;
    private final XetProperties properties;
    private final Clock clock;

    XetTokens(XetSigner signer, XetProperties properties, Clock clock) {
        this.signer = signer;
        this.properties = properties;
        this.clock = clock;
    }

    XetToken issue(UUID repositoryId, String revision, String scope, Long accountId) {
        long expiresAt = clock.instant().plus(properties.tokenTtl()).getEpochSecond();
        return new XetToken(repositoryId, revision, scope, accountId, expiresAt);
    }

    String encode(XetToken token) {
        String payload = String.join("|", "1", token.repositoryId().toString(), token.scope(),
                token.accountId() == null ? "" : token.accountId().toString(), Long.toString(token.expiresAt()),
                token.revision());
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return PREFIX + encoded + "." + signer.sign(PREFIX + encoded);
    }

    /** The token's grant, when it is well formed, correctly signed and not expired. */
    Optional<XetToken> verify(String raw) {
        if (raw == null || !raw.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int dot = raw.lastIndexOf('.');
        if (dot <= PREFIX.length() || !signer.matches(raw.substring(0, dot), raw.substring(dot + 1))) {
            return Optional.empty();
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(raw.substring(PREFIX.length(), dot)),
                    StandardCharsets.UTF_8);
            String[] f = payload.split("\\|", 6);
            if (f.length != 6 || !f[0].equals("1")) {
                return Optional.empty();
            }
            XetToken token = new XetToken(UUID.fromString(f[1]), f[5], f[2], f[3].isEmpty() ? null : Long.valueOf(f[3]),
                    Long.parseLong(f[4]));
            if (clock.instant().getEpochSecond() >= token.expiresAt()) {
                return Optional.empty();
            }
            return Optional.of(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
