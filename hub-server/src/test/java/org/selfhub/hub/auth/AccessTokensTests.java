package org.selfhub.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokensTests {

    private final SecureRandom random = new SecureRandom();

    @Test
    void generatesHfPrefixedBase62TokensWithAtLeast160Bits() {
        String token = AccessTokens.generate(random);
        assertThat(token).startsWith("hf_").hasSize(37).matches("hf_[0-9A-Za-z]{34}");
        // 34 base62 characters carry 34 * log2(62) ≈ 202 bits; the 6 shown in listings leave ≈ 166.
        assertThat((AccessTokens.RANDOM_CHARS - AccessTokens.VISIBLE_CHARS) * Math.log(62) / Math.log(2))
                .isGreaterThan(160);
    }

    @Test
    void generatesDifferentTokensEachTime() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(AccessTokens.generate(random));
        }
        assertThat(tokens).hasSize(1000);
    }

    @Test
    void hashesWithSha256Hex() {
        // printf 'hf_abc' | sha256sum
        assertThat(AccessTokens.hash("hf_abc"))
                .isEqualTo("df36395a9d2f54b8e6e96d9710226cb93b5c6dad3ae506518b76363bd61ed591");
        assertThat(AccessTokens.hash("hf_abc")).isNotEqualTo(AccessTokens.hash("hf_abd"));
    }

    @Test
    void showsOnlyTheFirstSixCharactersAfterThePrefix() {
        assertThat(AccessTokens.visiblePart("hf_ABCdef0123456789012345678901234567")).isEqualTo("ABCdef");
    }

    @Test
    void recognisesTokenShapes() {
        assertThat(AccessTokens.looksLikeToken(AccessTokens.generate(random))).isTrue();
        assertThat(AccessTokens.looksLikeToken("hf_" + "a".repeat(20))).isTrue();
        assertThat(AccessTokens.looksLikeToken("hf_" + "a".repeat(19))).isFalse();
        assertThat(AccessTokens.looksLikeToken("xx_" + "a".repeat(34))).isFalse();
        assertThat(AccessTokens.looksLikeToken("hf_" + "a".repeat(33) + "-")).isFalse();
        assertThat(AccessTokens.looksLikeToken(null)).isFalse();
    }
}
