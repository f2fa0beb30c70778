package org.selfhub.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.PythonVenv;
import org.selfhub.hub.test.TestAccounts;

/** The real {@code huggingface_hub} 2.4.0 client against the hub: {@code whoami()} and {@code hf auth whoami}. */
class AuthHuggingfaceHubClientTests extends HubIntegrationTest {

    private static PythonVenv venv;

    @TempDir
    Path hfHome;

    @BeforeAll
    static void venv() {
        venv = PythonVenv.forHuggingfaceHub("2.4.0");
    }

    private Map<String, String> env(String token) {
        return Map.of("HF_ENDPOINT", baseUrl(), "HF_TOKEN", token, "HF_HUB_DISABLE_TELEMETRY", "1",
                "HF_HOME", hfHome.toString(), "NO_COLOR", "1");
    }

    @Test
    void pythonWhoamiSeesTheUserOrganizationsAndTokenRole() {
        TestAccounts accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        TestAccounts.User alice = accounts.user("alice");
        String acme = accounts.org("acme", alice);

        PythonVenv.Result result = venv.run("""
                from huggingface_hub import whoami
                me = whoami()
                print(me["name"])
                print(",".join(o["name"] + ":" + o["roleInOrg"] for o in me["orgs"]))
                print(me["auth"]["accessToken"]["role"], me["auth"]["accessToken"]["displayName"])
                """, env(alice.writeToken()), 120);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo(alice.name() + "\n" + acme + ":admin\nwrite test-write\n");
    }

    @Test
    void pythonWhoamiReportsABadToken() {
        PythonVenv.Result result = venv.run("""
                from huggingface_hub import whoami
                try:
                    whoami()
                except Exception as e:
                    print(type(e).__name__)
                    print("Invalid user token." in str(e))
                """, env("hf_NotARealToken0123456789abcdefghijk"), 120);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("HfHubHTTPError\nTrue\n");
    }

    @Test
    void hfAuthWhoamiPrintsUserOrgsAndEndpoint() throws IOException {
        TestAccounts accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        TestAccounts.User bob = accounts.user("bob");
        String first = accounts.org("aaa", bob);
        String second = accounts.org("bbb", bob);

        PythonVenv.Result result = PythonVenv.exec(List.of(venv.bin("hf").toString(), "auth", "whoami"),
                env(bob.readToken()), 120);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().strip()).isEqualTo(
                "✓ Logged in\n  user: " + bob.name() + "\n  orgs: " + first + "," + second + "\n  endpoint: "
                        + baseUrl());
        assertThat(Files.exists(hfHome)).isTrue();
    }
}
