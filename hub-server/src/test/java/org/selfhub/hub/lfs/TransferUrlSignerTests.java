package org.selfhub.hub.lfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.shared.HubException;

class TransferUrlSignerTests {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String OID = "a".repeat(64);

    private final TransferUrlSigner signer = new TransferUrlSigner(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsItsOwnSignatureUntilItExpires() {
        Map<String, String> signed = signer.sign("PUT", "objects/" + OID, params(), Duration.ofHours(1));

        assertThat(signed).containsEntry("exp", Long.toString(NOW.getEpochSecond() + 3600)).containsKey("sig");
        assertThatNoException().isThrownBy(() -> signer.verify("PUT", "objects/" + OID, signed));
        TransferUrlSigner atExpiry = new TransferUrlSigner(KEY, Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));
        assertThatNoException().isThrownBy(() -> atExpiry.verify("PUT", "objects/" + OID, signed));
    }

    @Test
    void rejectsAnExpiredUrl() {
        Map<String, String> signed = signer.sign("PUT", "objects/" + OID, params(), Duration.ofHours(1));
        TransferUrlSigner later = new TransferUrlSigner(KEY, Clock.fixed(NOW.plusSeconds(3601), ZoneOffset.UTC));

        assertThatThrownBy(() -> later.verify("PUT", "objects/" + OID, signed))
                .isInstanceOf(HubException.class)
                .hasMessage("This transfer URL has expired; ask the LFS batch API for a new one")
                .extracting(e -> ((HubException) e).status().value()).isEqualTo(403);
    }

    @Test
    void rejectsEveryTamperedField() {
        Map<String, String> signed = signer.sign("PUT", "objects/" + OID, params(), Duration.ofHours(1));

        assertRejected("POST", "objects/" + OID, signed);
        assertRejected("PUT", "objects/" + "b".repeat(64), signed);
        assertRejected("PUT", "objects/" + OID, with(signed, "size", "12346"));
        assertRejected("PUT", "objects/" + OID, with(signed, "repo", "00000000-0000-0000-0000-000000000000"));
        assertRejected("PUT", "objects/" + OID, with(signed, "exp", Long.toString(NOW.getEpochSecond() + 7200)));
        assertRejected("PUT", "objects/" + OID, with(signed, "extra", "1"));
        Map<String, String> withoutSize = new HashMap<>(signed);
        withoutSize.remove("size");
        assertRejected("PUT", "objects/" + OID, withoutSize);
        Map<String, String> unsigned = new HashMap<>(signed);
        unsigned.remove("sig");
        assertThatThrownBy(() -> signer.verify("PUT", "objects/" + OID, unsigned))
                .hasMessage("This transfer URL is not signed");
    }

    @Test
    void rejectsASignatureMadeWithAnotherKey() {
        TransferUrlSigner other = new TransferUrlSigner("another key of at least 16 bytes".getBytes(StandardCharsets.UTF_8),
                Clock.fixed(NOW, ZoneOffset.UTC));
        Map<String, String> signed = other.sign("PUT", "objects/" + OID, params(), Duration.ofHours(1));

        assertRejected("PUT", "objects/" + OID, signed);
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        Map<String, String> signed = signer.sign("GET", "objects/x", Map.of("a", "b;c"), Duration.ofHours(1));

        assertRejected("GET", "objects/x", with(with(signed, "a", "b"), "c", ""));
    }

    private void assertRejected(String method, String path, Map<String, String> params) {
        assertThatThrownBy(() -> signer.verify(method, path, params))
                .isInstanceOf(HubException.class)
                .hasMessage("This transfer URL's signature is invalid")
                .extracting(e -> ((HubException) e).status().value()).isEqualTo(403);
    }

    private static Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("repo", "6f1c2d3e-0000-4000-8000-000000000001");
        params.put("size", "12345");
        return params;
    }

    private static Map<String, String> with(Map<String, String> params, String name, String value) {
        Map<String, String> copy = new HashMap<>(params);
        copy.put(name, value);
        return copy;
    }
}
