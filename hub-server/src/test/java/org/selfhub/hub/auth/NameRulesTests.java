package org.selfhub.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;

class NameRulesTests {

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "7", "alice", "gpt2", "my_model.v1-final", "A.b_c-d", "x_"})
    void acceptsHuggingFaceNames(String name) {
        assertThat(NameRules.requireValidName(name)).isEqualTo(name);
        assertThat(NameRules.requireValidAccountName(name)).isEqualTo(name);
    }

    @Test
    void acceptsNinetySixCharactersButNotNinetySeven() {
        assertThat(NameRules.requireValidName("a".repeat(96))).hasSize(96);
        assertThatThrownBy(() -> NameRules.requireValidName("a".repeat(97)))
                .hasMessage("Invalid name '" + "a".repeat(97) + "': at most 96 characters");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-abc|Invalid name '-abc': it must start with a letter or a digit",
            "_abc|Invalid name '_abc': it must start with a letter or a digit",
            ".abc|Invalid name '.abc': it must start with a letter or a digit",
            "abc-|Invalid name 'abc-': it must not end with '-' or '.'",
            "abc.|Invalid name 'abc.': it must not end with '-' or '.'",
            "a--b|Invalid name 'a--b': '--' and '..' are not allowed",
            "a..b|Invalid name 'a..b': '--' and '..' are not allowed",
            "model.git|Invalid name 'model.git': it must not end with '.git'",
            "model.GIT|Invalid name 'model.GIT': it must not end with '.git'",
            "a b|Invalid name 'a b': only letters, digits, '-', '_' and '.' are allowed",
            "a/b|Invalid name 'a/b': only letters, digits, '-', '_' and '.' are allowed",
            "é|Invalid name 'é': only letters, digits, '-', '_' and '.' are allowed",
    })
    void refusesBrokenNamesWithAClearMessage(String name, String message) {
        assertThatThrownBy(() -> NameRules.requireValidName(name))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.code()).isEqualTo(HubErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void refusesEmptyAndMissingNames() {
        assertThatThrownBy(() -> NameRules.requireValidName("")).hasMessage("A name is required");
        assertThatThrownBy(() -> NameRules.requireValidName(null)).hasMessage("A name is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api", "admin", "settings", "models", "datasets", "spaces", "new", "login", "logout",
            "organizations", "docs", "assets", "actuator", "hf-inference", "join", "pricing", "search", "users",
            "static", "git", "API", "Models"})
    void reservesTheHubsOwnPathsForAccountsOnly(String name) {
        assertThatThrownBy(() -> NameRules.requireValidAccountName(name))
                .hasMessage("The name '" + name + "' is reserved; choose another name");
        assertThat(NameRules.requireValidName(name)).isEqualTo(name);
    }
}
