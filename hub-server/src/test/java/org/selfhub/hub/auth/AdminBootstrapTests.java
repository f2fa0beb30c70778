package org.selfhub.hub.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.selfhub.hub.system.StartupException;

class AdminBootstrapTests {

    @Test
    void refusesATokenWithoutTheHfPrefixAtStartUp() {
        assertThatThrownBy(() -> new AdminBootstrap(new BootstrapProperties(null, "abc_0123456789abcdefghijkl"),
                null, null, null, null))
                .isInstanceOf(StartupException.class)
                .hasMessage("HUB_BOOTSTRAP_ADMIN_TOKEN (hub.bootstrap.admin-token) must be 'hf_' followed by at least"
                        + " 20 letters or digits, as the Hugging Face clients require; leave it unset to have one"
                        + " generated");
    }

    @Test
    void refusesATooShortPasswordAtStartUp() {
        assertThatThrownBy(() -> new AdminBootstrap(new BootstrapProperties("short", null), null, null, null, null))
                .isInstanceOf(StartupException.class)
                .hasMessage("HUB_BOOTSTRAP_ADMIN_PASSWORD (hub.bootstrap.admin-password) is not acceptable: The"
                        + " password must have at least 8 characters");
    }

    @Test
    void acceptsAWellFormedTokenAndLeavesUnsetValuesToBeGenerated() {
        assertThatCode(() -> new AdminBootstrap(new BootstrapProperties("long-enough-pw",
                "hf_0123456789abcdefghijKLMN"), null, null, null, null)).doesNotThrowAnyException();
        assertThatCode(() -> new AdminBootstrap(new BootstrapProperties("", " "), null, null, null, null))
                .doesNotThrowAnyException();
    }
}
