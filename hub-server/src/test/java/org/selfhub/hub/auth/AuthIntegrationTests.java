package org.selfhub.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ExtendWith(OutputCaptureExtension.class)
class AuthIntegrationTests extends HubIntegrationTest {

    private static final String DATE = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @Autowired
    JdbcClient jdbc;

    private TestAccounts accounts;

    @BeforeEach
    void setUp() {
        accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
    }

    // ---- whoami ------------------------------------------------------------------------------

    @Test
    void whoamiDescribesTheUserHisOrganizationsAndTheToken() {
        TestAccounts.User alice = accounts.user("alice");
        TestAccounts.User bob = accounts.user("bob");
        String acme = accounts.org("acme", bob);
        accounts.addMember(acme, alice, "write");

        HttpResponse<String> response = accounts.call("GET", "/api/whoami-v2", alice.readToken(), null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode me = TestAccounts.json(response.body());
        assertThat(fieldNames(me)).containsExactly("type", "id", "name", "fullname", "email", "emailVerified", "isPro",
                "canPay", "avatarUrl", "periodEnd", "orgs", "auth");
        assertThat(me.get("type").asString()).isEqualTo("user");
        assertThat(me.get("id").asString()).matches("[0-9a-f]{24}");
        assertThat(me.get("name").asString()).isEqualTo(alice.name());
        assertThat(me.get("fullname").asString()).isEqualTo(alice.name() + " Tester");
        assertThat(me.get("email").asString()).isEqualTo(alice.name() + "@example.test");
        assertThat(me.get("emailVerified").asBoolean()).isTrue();
        assertThat(me.get("isPro").asBoolean()).isFalse();
        assertThat(me.get("canPay").asBoolean()).isFalse();
        assertThat(me.get("avatarUrl").asString()).isEmpty();
        assertThat(me.get("periodEnd").isNull()).isTrue();
        assertThat(me.get("orgs")).hasSize(1);
        JsonNode org = me.get("orgs").get(0);
        assertThat(fieldNames(org)).containsExactly("type", "id", "name", "fullname", "email", "canPay", "avatarUrl",
                "periodEnd", "roleInOrg");
        assertThat(org.get("type").asString()).isEqualTo("org");
        assertThat(org.get("name").asString()).isEqualTo(acme);
        assertThat(org.get("fullname").asString()).isEqualTo("acme Inc.");
        assertThat(org.get("email").isNull()).isTrue();
        assertThat(org.get("roleInOrg").asString()).isEqualTo("write");
        JsonNode auth = me.get("auth");
        assertThat(auth.get("type").asString()).isEqualTo("access_token");
        assertThat(fieldNames(auth.get("accessToken"))).containsExactly("displayName", "role", "createdAt");
        assertThat(auth.get("accessToken").get("displayName").asString()).isEqualTo("test-read");
        assertThat(auth.get("accessToken").get("role").asString()).isEqualTo("read");
        assertThat(auth.get("accessToken").get("createdAt").asString()).matches(DATE);
    }

    @Test
    void whoamiWithoutTokenIs401() {
        HttpResponse<String> response = get("/api/whoami-v2");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("X-Error-Message")).hasValue(AccessPolicy.AUTHENTICATION_REQUIRED);
        assertThat(response.body()).isEqualTo("{\"error\":\"Authentication required: send an access token as"
                + " 'Authorization: Bearer hf_...'\"}");
    }

    @Test
    void badTokenIs401OnEveryRouteIncludingAnonymousOnes() {
        for (String path : List.of("/api/whoami-v2", "/api/models", "/api/agent-harnesses", "/")) {
            HttpResponse<String> response = accounts.call("GET", path, "hf_NotARealToken0123456789abcdefghijk", null);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("X-Error-Message"))
                    .hasValue("Invalid credentials in Authorization header");
            assertThat(response.headers().firstValue("X-Error-Code")).isEmpty();
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
            assertThat(response.body()).isEqualTo("{\"error\":\"Invalid credentials in Authorization header\"}");
        }
        assertThat(accounts.call("GET", "/api/models", "not-even-hf", null).statusCode()).isEqualTo(401);
    }

    @Test
    void revokedTokenStopsWorkingAtOnce() {
        TestAccounts.User alice = accounts.user("alice");
        String extra = createOwnToken(alice.writeToken(), "laptop", "read").get("token").asString();
        long id = idOfToken(alice.writeToken(), "laptop");
        assertThat(accounts.call("GET", "/api/whoami-v2", extra, null).statusCode()).isEqualTo(200);

        assertThat(accounts.call("DELETE", "/api/settings/tokens/" + id, alice.writeToken(), null).statusCode())
                .isEqualTo(204);

        HttpResponse<String> after = accounts.call("GET", "/api/whoami-v2", extra, null);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.headers().firstValue("X-Error-Message")).hasValue("Invalid credentials in Authorization header");
        HttpResponse<String> again = accounts.call("DELETE", "/api/settings/tokens/" + id, alice.writeToken(), null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).isEqualTo("{\"error\":\"No token with id " + id + "\"}");
    }

    @Test
    void basicAuthTakesTheTokenAsPasswordWithAnyUserName() {
        TestAccounts.User alice = accounts.user("alice");
        HttpResponse<String> ok = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/whoami-v2"))
                .header("Authorization", basic("whoever", alice.writeToken())).GET().build());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(TestAccounts.json(ok.body()).get("name").asString()).isEqualTo(alice.name());

        HttpResponse<String> bad = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/models"))
                .header("Authorization", basic(alice.name(), TestAccounts.PASSWORD)).GET().build());
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Hub\", charset=\"UTF-8\"");
        assertThat(bad.headers().firstValue("X-Error-Message")).hasValue("Invalid credentials in Authorization header");
    }

    // ---- self-service tokens and password -----------------------------------------------------

    @Test
    void createsListsAndRevokesOwnTokensShowingTheSecretOnce() {
        TestAccounts.User alice = accounts.user("alice");
        HttpResponse<String> created = accounts.call("POST", "/api/settings/tokens", alice.writeToken(),
                Map.of("name", "ci", "role", "write"));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode token = TestAccounts.json(created.body());
        assertThat(fieldNames(token)).containsExactly("token", "id", "name", "role", "prefix", "createdAt",
                "lastUsedAt");
        String secret = token.get("token").asString();
        assertThat(secret).matches("hf_[0-9A-Za-z]{34}");
        assertThat(token.get("name").asString()).isEqualTo("ci");
        assertThat(token.get("role").asString()).isEqualTo("write");
        assertThat(token.get("prefix").asString()).isEqualTo(secret.substring(0, 9));
        assertThat(token.get("lastUsedAt").isNull()).isTrue();

        assertThat(accounts.call("GET", "/api/whoami-v2", secret, null).statusCode()).isEqualTo(200);

        HttpResponse<String> listed = accounts.call("GET", "/api/settings/tokens", alice.readToken(), null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(secret).doesNotContain(alice.writeToken())
                .doesNotContain(alice.readToken());
        JsonNode list = TestAccounts.json(listed.body());
        assertThat(list).hasSize(3);
        assertThat(list.get(0).get("name").asString()).isEqualTo("test-write");
        assertThat(list.get(1).get("name").asString()).isEqualTo("test-read");
        assertThat(list.get(2).get("name").asString()).isEqualTo("ci");
        assertThat(fieldNames(list.get(2))).containsExactly("id", "name", "role", "prefix", "createdAt",
                "lastUsedAt");
        assertThat(list.get(2).get("lastUsedAt").asString()).matches(DATE);
        assertThat(list.get(1).get("lastUsedAt").asString()).matches(DATE);
    }

    @Test
    void readTokenCannotMintOrRevokeTokens() {
        TestAccounts.User alice = accounts.user("alice");
        HttpResponse<String> response = accounts.call("POST", "/api/settings/tokens", alice.readToken(),
                Map.of("name", "x", "role", "write"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"error\":\"Your token has the read role and cannot change anything;"
                + " use a token with the write role\"}");
    }

    @Test
    void refusesUnknownTokenRolesAndMissingNames() {
        TestAccounts.User alice = accounts.user("alice");
        HttpResponse<String> role = accounts.call("POST", "/api/settings/tokens", alice.writeToken(),
                Map.of("name", "x", "role", "fineGrained"));
        assertThat(role.statusCode()).isEqualTo(400);
        assertThat(role.body()).isEqualTo("{\"error\":\"'role' must be one of read, write\"}");
        HttpResponse<String> name = accounts.call("POST", "/api/settings/tokens", alice.writeToken(),
                Map.of("role", "read"));
        assertThat(name.statusCode()).isEqualTo(400);
        assertThat(name.body()).isEqualTo("{\"error\":\"'name' is required\"}");
    }

    @Test
    void cannotRevokeSomeoneElsesToken() {
        TestAccounts.User alice = accounts.user("alice");
        TestAccounts.User bob = accounts.user("bob");
        long bobs = idOfToken(bob.writeToken(), "test-read");
        assertThat(accounts.call("DELETE", "/api/settings/tokens/" + bobs, alice.writeToken(), null).statusCode())
                .isEqualTo(404);
        assertThat(accounts.call("GET", "/api/whoami-v2", bob.readToken(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void changesOwnPasswordOnlyWithTheCurrentOne() {
        TestAccounts.User alice = accounts.user("alice");
        HttpResponse<String> wrong = accounts.call("PUT", "/api/settings/password", alice.writeToken(),
                Map.of("currentPassword", "nope-nope-nope", "newPassword", "a-new-password"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).isEqualTo("{\"error\":\"The current password is wrong\"}");
        HttpResponse<String> tooShort = accounts.call("PUT", "/api/settings/password", alice.writeToken(),
                Map.of("currentPassword", TestAccounts.PASSWORD, "newPassword", "short"));
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).isEqualTo("{\"error\":\"The password must have at least 8 characters\"}");

        assertThat(accounts.call("PUT", "/api/settings/password", alice.writeToken(),
                Map.of("currentPassword", TestAccounts.PASSWORD, "newPassword", "a-new-password")).statusCode())
                .isEqualTo(204);

        assertThat(login(alice.name(), TestAccounts.PASSWORD, "10.20.0.1").statusCode()).isEqualTo(401);
        assertThat(login(alice.name(), "a-new-password", "10.20.0.1").statusCode()).isEqualTo(200);
    }

    // ---- browser sessions --------------------------------------------------------------------

    @Test
    void loginSetsAnHttpOnlyLaxSessionCookieAndACsrfCookie() {
        TestAccounts.User alice = accounts.user("alice");
        HttpResponse<String> response = login(alice.name(), TestAccounts.PASSWORD, "10.21.0.1");
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> cookies = response.headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(2);
        assertThat(cookies.get(0)).matches("hub_session=v1\\.\\d+\\.\\d+\\.\\d+\\.[A-Za-z0-9_-]{43}; Path=/;"
                + " Max-Age=1209600; Expires=.+ GMT; HttpOnly; SameSite=Lax");
        assertThat(cookies.get(1)).matches("XSRF-TOKEN=[A-Za-z0-9_-]{43}; Path=/; Max-Age=1209600; Expires=.+ GMT;"
                + " SameSite=Lax");
        JsonNode body = TestAccounts.json(response.body());
        assertThat(body.get("user").get("name").asString()).isEqualTo(alice.name());
        assertThat(body.get("user").get("isAdmin").asBoolean()).isFalse();
        assertThat(body.get("auth").get("type").asString()).isEqualTo("session");
        assertThat(body.get("csrfToken").asString()).isEqualTo(cookieValue(cookies.get(1)));
        assertThat(response.body()).doesNotContain(TestAccounts.PASSWORD);
    }

    @Test
    void sessionCookieAuthenticatesAndWritesNeedTheCsrfHeader() {
        TestAccounts.User alice = accounts.user("alice");
        Session session = session(alice.name(), TestAccounts.PASSWORD, "10.22.0.1");

        HttpResponse<String> me = sessionCall("GET", "/api/auth/session", session, false, null);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(TestAccounts.json(me.body()).get("user").get("name").asString()).isEqualTo(alice.name());
        assertThat(TestAccounts.json(me.body()).get("csrfToken").asString()).isEqualTo(session.csrf());

        HttpResponse<String> whoami = sessionCall("GET", "/api/whoami-v2", session, false, null);
        assertThat(whoami.statusCode()).isEqualTo(200);
        JsonNode auth = TestAccounts.json(whoami.body()).get("auth");
        assertThat(auth.toString()).isEqualTo("{\"type\":\"session\"}");

        HttpResponse<String> forged = sessionCall("POST", "/api/settings/tokens", session, false,
                "{\"name\":\"x\",\"role\":\"read\"}");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("X-Error-Message")).hasValue("Missing or invalid CSRF token: send the"
                + " value of the XSRF-TOKEN cookie in the X-XSRF-TOKEN header");
        assertThat(forged.body()).isEqualTo("{\"error\":\"Missing or invalid CSRF token: send the value of the"
                + " XSRF-TOKEN cookie in the X-XSRF-TOKEN header\"}");

        HttpResponse<String> ok = sessionCall("POST", "/api/settings/tokens", session, true,
                "{\"name\":\"from-browser\",\"role\":\"read\"}");
        assertThat(ok.statusCode()).isEqualTo(201);
    }

    @Test
    void logoutEndsTheSession() {
        TestAccounts.User alice = accounts.user("alice");
        Session session = session(alice.name(), TestAccounts.PASSWORD, "10.23.0.1");
        HttpResponse<String> logout = sessionCall("POST", "/api/auth/logout", session, true, null);
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith(
                "hub_session=; Path=/; Max-Age=0;"));
        HttpResponse<String> after = sessionCall("GET", "/api/auth/session", session, false, null);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.body()).isEqualTo("{\"error\":\"Authentication required: send an access token as"
                + " 'Authorization: Bearer hf_...'\"}");
    }

    @Test
    void wrongPasswordOrUnknownUserIs401WithTheSameMessage() {
        TestAccounts.User alice = accounts.user("alice");
        HttpResponse<String> wrong = login(alice.name(), "wrong-password", "10.24.0.1");
        HttpResponse<String> unknown = login("nobody-" + alice.name(), "wrong-password", "10.24.0.1");
        for (HttpResponse<String> r : List.of(wrong, unknown)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).isEqualTo("{\"error\":\"Invalid username or password.\"}");
            assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void tenFailedLoginsPerUserAnswer429WithRetryAfter() {
        TestAccounts.User alice = accounts.user("alice");
        for (int i = 0; i < 10; i++) {
            assertThat(login(alice.name(), "wrong-" + i, "10.25.0." + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = login(alice.name(), TestAccounts.PASSWORD, "10.25.1.1");
        assertThat(limited.statusCode()).isEqualTo(429);
        String retryAfter = limited.headers().firstValue("Retry-After").orElseThrow();
        assertThat(Integer.parseInt(retryAfter)).isBetween(290, 301);
        assertThat(limited.body()).isEqualTo("{\"error\":\"Too many failed logins; try again in " + retryAfter
                + " seconds\"}");
    }

    @Test
    void tenFailedLoginsPerAddressAnswer429() {
        TestAccounts.User alice = accounts.user("alice");
        for (int i = 0; i < 10; i++) {
            assertThat(login("ghost-" + i + "-" + alice.name(), "wrong", "10.26.0.1").statusCode()).isEqualTo(401);
        }
        assertThat(login(alice.name(), TestAccounts.PASSWORD, "10.26.0.1").statusCode()).isEqualTo(429);
        assertThat(login(alice.name(), TestAccounts.PASSWORD, "10.26.0.2").statusCode()).isEqualTo(200);
    }

    @Test
    void disabledUsersLoseTokensAndSessionsAtOnceAndCannotLogIn() {
        TestAccounts.User alice = accounts.user("alice");
        Session session = session(alice.name(), TestAccounts.PASSWORD, "10.27.0.1");
        accounts.disable(alice);

        HttpResponse<String> token = accounts.call("GET", "/api/models", alice.readToken(), null);
        assertThat(token.statusCode()).isEqualTo(401);
        assertThat(token.headers().firstValue("X-Error-Message")).hasValue("Invalid credentials in Authorization header");
        assertThat(sessionCall("GET", "/api/auth/session", session, false, null).statusCode()).isEqualTo(401);
        HttpResponse<String> login = login(alice.name(), TestAccounts.PASSWORD, "10.27.0.1");
        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(login.body()).isEqualTo("{\"error\":\"Invalid username or password.\"}");

        assertThat(accounts.call("PATCH", "/api/admin/users/" + alice.name(), ADMIN_TOKEN, Map.of("disabled", false))
                .statusCode()).isEqualTo(200);
        assertThat(accounts.call("GET", "/api/whoami-v2", alice.readToken(), null).statusCode()).isEqualTo(200);
    }

    // ---- audit and secrets -------------------------------------------------------------------

    @Test
    void auditsLoginsAndTokensButNeverStoresOrLogsASecret(CapturedOutput output) {
        TestAccounts.User alice = accounts.user("alice");
        String secret = createOwnToken(alice.writeToken(), "audited", "write").get("token").asString();
        long id = idOfToken(alice.writeToken(), "audited");
        accounts.call("DELETE", "/api/settings/tokens/" + id, alice.writeToken(), null);
        login(alice.name(), "wrong-password-xyz", "10.28.0.7");
        login(alice.name(), TestAccounts.PASSWORD, "10.28.0.7");

        List<Map<String, Object>> rows = jdbc.sql("SELECT actor, action, target, client_address, details::text AS d"
                        + " FROM audit_log WHERE target = :t ORDER BY id")
                .param("t", alice.name()).query().listOfRows();
        assertThat(rows).extracting(r -> r.get("action")).containsExactly("user.created", "token.created",
                "token.created", "token.created", "token.revoked", "login.failed", "login.succeeded");
        assertThat(rows.get(0).get("actor")).isEqualTo("admin");
        assertThat(rows.get(3).get("actor")).isEqualTo(alice.name());
        assertThat(rows.get(3).get("d")).isEqualTo("{\"role\": \"write\", \"tokenId\": " + id
                + ", \"tokenName\": \"audited\"}");
        assertThat(rows.get(5).get("actor")).isNull();
        assertThat(rows.get(5).get("client_address")).isEqualTo("10.28.0.7");
        assertThat(rows.get(5).get("d")).isEqualTo("{\"reason\": \"wrong password\"}");
        assertThat(rows.get(6).get("actor")).isEqualTo(alice.name());
        assertThat(rows.get(6).get("client_address")).isEqualTo("10.28.0.7");

        String everything = jdbc.sql("SELECT coalesce(string_agg(audit_log::text, '|'), '') FROM audit_log")
                .query(String.class).single();
        for (String s : List.of(secret, alice.writeToken(), alice.readToken(), ADMIN_TOKEN, TestAccounts.PASSWORD,
                "wrong-password-xyz")) {
            assertThat(everything).doesNotContain(s);
            assertThat(output.getAll()).doesNotContain(s);
        }
        String tokenColumns = jdbc.sql("SELECT string_agg(name || token_prefix, '|') FROM access_token")
                .query(String.class).single();
        assertThat(tokenColumns).doesNotContain(secret);
        assertThat(jdbc.sql("SELECT count(*) FROM access_token WHERE token_hash = :h")
                .param("h", AccessTokens.hash(secret)).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void bootstrapCreatedTheAdminWithTheConfiguredToken() {
        HttpResponse<String> response = accounts.call("GET", "/api/whoami-v2", ADMIN_TOKEN, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode me = TestAccounts.json(response.body());
        assertThat(me.get("name").asString()).isEqualTo("admin");
        assertThat(me.get("auth").get("accessToken").get("displayName").asString()).isEqualTo("bootstrap");
        assertThat(me.get("auth").get("accessToken").get("role").asString()).isEqualTo("write");
    }

    // ---- helpers -----------------------------------------------------------------------------

    record Session(String cookie, String csrf) {
    }

    private HttpResponse<String> login(String user, String password, String address) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/auth/login"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password
                        + "\"}")).build());
    }

    private Session session(String user, String password, String address) {
        HttpResponse<String> response = login(user, password, address);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> cookies = response.headers().allValues("Set-Cookie");
        return new Session(cookieValue(cookies.get(0)), cookieValue(cookies.get(1)));
    }

    private HttpResponse<String> sessionCall(String method, String path, Session session, boolean csrf, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Cookie", "hub_session=" + session.cookie() + "; XSRF-TOKEN=" + session.csrf());
        if (csrf) {
            request.header("X-XSRF-TOKEN", session.csrf());
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return send(request.build());
    }

    private static String cookieValue(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private JsonNode createOwnToken(String token, String name, String role) {
        HttpResponse<String> response = accounts.call("POST", "/api/settings/tokens", token,
                Map.of("name", name, "role", role));
        assertThat(response.statusCode()).isEqualTo(201);
        return TestAccounts.json(response.body());
    }

    private long idOfToken(String token, String name) {
        for (JsonNode t : TestAccounts.json(accounts.call("GET", "/api/settings/tokens", token, null).body())) {
            if (t.get("name").asString().equals(name)) {
                return t.get("id").asLong();
            }
        }
        throw new AssertionError("no token " + name);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }
}
