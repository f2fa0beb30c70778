package org.selfhub.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.TestAccounts;
import tools.jackson.databind.JsonNode;

/** The admin API, organizations, members and the user/organization overviews. */
class AuthAccountsIntegrationTests extends HubIntegrationTest {

    private static final String DATE = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    private TestAccounts accounts;

    @BeforeEach
    void setUp() {
        accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
    }

    // ---- admin users -------------------------------------------------------------------------

    @Test
    void adminCreatesAUserAndGetsItBackWithoutSecrets() {
        String name = TestAccounts.uniqueName("carol");
        HttpResponse<String> created = accounts.call("POST", "/api/admin/users", ADMIN_TOKEN, Map.of("name", name,
                "email", name + "@example.test", "password", "a-long-password", "fullname", "Carol C"));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode user = TestAccounts.json(created.body());
        assertThat(user.propertyNames()).containsExactly("id", "name", "fullname", "email", "avatarUrl", "admin",
                "disabled", "createdAt");
        assertThat(user.get("name").asString()).isEqualTo(name);
        assertThat(user.get("fullname").asString()).isEqualTo("Carol C");
        assertThat(user.get("email").asString()).isEqualTo(name + "@example.test");
        assertThat(user.get("admin").asBoolean()).isFalse();
        assertThat(user.get("disabled").asBoolean()).isFalse();
        assertThat(user.get("createdAt").asString()).matches(DATE);
        assertThat(created.body()).doesNotContain("a-long-password").doesNotContain("$2a$");

        HttpResponse<String> list = accounts.call("GET", "/api/admin/users", ADMIN_TOKEN, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(names(list, "name")).contains("admin", name);
        assertThat(list.body()).doesNotContain("$2a$");
    }

    @Test
    void refusesDuplicateInvalidAndReservedNames() {
        TestAccounts.User alice = accounts.user("alice");
        assertError(accounts.call("POST", "/api/admin/users", ADMIN_TOKEN, Map.of("name", alice.name().toUpperCase(),
                "email", "other@example.test", "password", "a-long-password")), 409,
                "The name " + alice.name().toUpperCase() + " is already taken");
        assertError(accounts.call("POST", "/api/admin/users", ADMIN_TOKEN, Map.of("name", "Settings",
                "email", "s@example.test", "password", "a-long-password")), 400,
                "The name 'Settings' is reserved; choose another name");
        assertError(accounts.call("POST", "/api/admin/users", ADMIN_TOKEN, Map.of("name", "bad--name",
                "email", "s@example.test", "password", "a-long-password")), 400,
                "Invalid name 'bad--name': '--' and '..' are not allowed");
        assertError(accounts.call("POST", "/api/admin/users", ADMIN_TOKEN, Map.of("name", TestAccounts.uniqueName("d"),
                "email", alice.name() + "@example.test", "password", "a-long-password")), 409,
                "The e-mail address is already used by another account");
        assertError(accounts.call("POST", "/api/admin/users", ADMIN_TOKEN, Map.of("name", TestAccounts.uniqueName("d"),
                "email", "no-at-sign", "password", "a-long-password")), 400, "Invalid e-mail address");
    }

    @Test
    void adminPatchesAndDeletesUsers() {
        TestAccounts.User alice = accounts.user("alice");
        HttpResponse<String> patched = accounts.call("PATCH", "/api/admin/users/" + alice.name(), ADMIN_TOKEN,
                Map.of("admin", true, "fullname", "Alice Admin", "email", "new-" + alice.name() + "@example.test"));
        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode user = TestAccounts.json(patched.body());
        assertThat(user.get("admin").asBoolean()).isTrue();
        assertThat(user.get("fullname").asString()).isEqualTo("Alice Admin");
        assertThat(user.get("email").asString()).isEqualTo("new-" + alice.name() + "@example.test");
        assertThat(accounts.call("GET", "/api/admin/users", alice.readToken(), null).statusCode()).isEqualTo(200);

        assertThat(accounts.call("DELETE", "/api/admin/users/" + alice.name(), ADMIN_TOKEN, null).statusCode())
                .isEqualTo(204);
        assertError(accounts.call("DELETE", "/api/admin/users/" + alice.name(), ADMIN_TOKEN, null), 404,
                "User " + alice.name() + " not found");
        assertThat(accounts.call("GET", "/api/whoami-v2", alice.writeToken(), null).statusCode()).isEqualTo(401);
    }

    @Test
    void anAdminCannotLockThemselvesOut() {
        TestAccounts.User root = accounts.admin("root");
        assertError(accounts.call("PATCH", "/api/admin/users/" + root.name(), root.writeToken(),
                Map.of("disabled", true)), 400, "You cannot disable yourself or remove your own admin rights");
        assertError(accounts.call("DELETE", "/api/admin/users/" + root.name(), root.writeToken(), null), 400,
                "You cannot delete your own account");
    }

    @Test
    void adminIssuesAndListsTokensForAUser() {
        TestAccounts.User alice = accounts.user("alice");
        HttpResponse<String> created = accounts.call("POST", "/api/admin/users/" + alice.name() + "/tokens",
                ADMIN_TOKEN, Map.of("name", "deploy", "role", "read"));
        assertThat(created.statusCode()).isEqualTo(201);
        String token = TestAccounts.json(created.body()).get("token").asString();
        assertThat(token).matches("hf_[0-9A-Za-z]{34}");
        HttpResponse<String> list = accounts.call("GET", "/api/admin/users/" + alice.name() + "/tokens", ADMIN_TOKEN,
                null);
        assertThat(names(list, "name")).containsExactly("test-write", "test-read", "deploy");
        assertThat(list.body()).doesNotContain(token);
        assertError(accounts.call("GET", "/api/admin/users/nobody-" + alice.name() + "/tokens", ADMIN_TOKEN, null),
                404, "User nobody-" + alice.name() + " not found");
    }

    @Test
    void adminRoutesRefuseOthers() {
        TestAccounts.User alice = accounts.user("alice");
        TestAccounts.User root = accounts.admin("root");
        assertError(accounts.call("GET", "/api/admin/users", null, null), 401, AccessPolicy.AUTHENTICATION_REQUIRED);
        assertError(accounts.call("GET", "/api/admin/users", alice.writeToken(), null), 403,
                "This route is reserved to hub administrators");
        assertError(accounts.call("POST", "/api/admin/users", root.readToken(), Map.of("name", "x")), 403,
                "Your token has the read role and cannot change anything; use a token with the write role");
    }

    @Test
    void adminListsOrganizationsAndSearchesTheAuditLog() {
        TestAccounts.User alice = accounts.user("alice");
        String acme = accounts.org("acme", alice);
        HttpResponse<String> orgs = accounts.call("GET", "/api/admin/organizations", ADMIN_TOKEN, null);
        assertThat(orgs.statusCode()).isEqualTo(200);
        JsonNode org = find(TestAccounts.json(orgs.body()), "name", acme);
        assertThat(org.propertyNames()).containsExactly("id", "name", "fullname", "avatarUrl", "createdAt",
                "numMembers");
        assertThat(org.get("numMembers").asInt()).isEqualTo(1);

        HttpResponse<String> audit = accounts.call("GET", "/api/admin/audit?actor=" + alice.name() + "&limit=10",
                ADMIN_TOKEN, null);
        assertThat(audit.statusCode()).isEqualTo(200);
        JsonNode entries = TestAccounts.json(audit.body());
        assertThat(names(entries, "action")).containsExactly("membership.added", "org.created");
        assertThat(entries.get(1).propertyNames()).containsExactly("id", "occurredAt", "actor", "action", "target",
                "clientAddress", "details");
        assertThat(entries.get(1).get("target").asString()).isEqualTo(acme);
        assertThat(entries.get(1).get("clientAddress").asString()).isEqualTo("127.0.0.1");
        assertThat(entries.get(0).get("details").toString())
                .isEqualTo("{\"role\":\"admin\",\"user\":\"" + alice.name() + "\"}");

        HttpResponse<String> byAction = accounts.call("GET", "/api/admin/audit?action=org.created&since=2000-01-01T00:00:00Z",
                ADMIN_TOKEN, null);
        assertThat(names(TestAccounts.json(byAction.body()), "action")).containsOnly("org.created");
        assertThat(TestAccounts.json(accounts.call("GET", "/api/admin/audit?action=org.created&since=2999-01-01T00:00:00Z",
                ADMIN_TOKEN, null).body())).isEmpty();
        assertError(accounts.call("GET", "/api/admin/audit?since=yesterday", ADMIN_TOKEN, null), 400,
                "since must be an ISO-8601 instant such as 2024-01-31T12:00:00Z");
    }

    // ---- organizations -----------------------------------------------------------------------

    @Test
    void createsAnOrganizationWhoseCreatorIsAdmin() {
        TestAccounts.User alice = accounts.user("alice");
        String name = TestAccounts.uniqueName("acme");
        HttpResponse<String> created = accounts.call("POST", "/api/organizations", alice.writeToken(),
                Map.of("name", name, "fullname", "Acme Corp"));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode org = TestAccounts.json(created.body());
        assertThat(org.get("name").asString()).isEqualTo(name);
        assertThat(org.get("fullname").asString()).isEqualTo("Acme Corp");
        assertThat(org.get("numMembers").asInt()).isEqualTo(1);

        HttpResponse<String> members = accounts.call("GET", "/api/organizations/" + name + "/members",
                alice.readToken(), null);
        JsonNode list = TestAccounts.json(members.body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).propertyNames()).containsExactly("_id", "user", "fullname", "avatarUrl", "type",
                "isPro", "role");
        assertThat(list.get(0).get("user").asString()).isEqualTo(alice.name());
        assertThat(list.get(0).get("role").asString()).isEqualTo("admin");

        assertError(accounts.call("POST", "/api/organizations", alice.writeToken(), Map.of("name", alice.name())),
                409, "The name " + alice.name() + " is already taken");
        assertError(accounts.call("POST", "/api/organizations", alice.writeToken(), Map.of("name", "datasets")),
                400, "The name 'datasets' is reserved; choose another name");
        assertError(accounts.call("POST", "/api/organizations", null, Map.of("name", "x")), 401,
                AccessPolicy.AUTHENTICATION_REQUIRED);
    }

    @Test
    void orgAdminsManageMembersAndOthersCannot() {
        TestAccounts.User owner = accounts.user("owner");
        TestAccounts.User bob = accounts.user("bob");
        TestAccounts.User eve = accounts.user("eve");
        String acme = accounts.org("acme", owner);

        HttpResponse<String> added = accounts.call("POST", "/api/organizations/" + acme + "/members",
                owner.writeToken(), Map.of("user", bob.name(), "role", "write"));
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(TestAccounts.json(added.body()).get("role").asString()).isEqualTo("write");
        assertError(accounts.call("POST", "/api/organizations/" + acme + "/members", bob.writeToken(),
                Map.of("user", eve.name(), "role", "read")), 403, "Only admins of " + acme + " can manage its members");
        assertError(accounts.call("POST", "/api/organizations/" + acme + "/members", owner.readToken(),
                Map.of("user", eve.name(), "role", "read")), 403,
                "Your token has the read role and cannot change anything; use a token with the write role");
        assertError(accounts.call("POST", "/api/organizations/" + acme + "/members", owner.writeToken(),
                Map.of("user", eve.name(), "role", "owner")), 400, "'role' must be one of admin, write, read");
        assertError(accounts.call("DELETE", "/api/organizations/" + acme + "/members/" + owner.name(),
                owner.writeToken(), null), 400,
                "An organization needs at least one admin; make someone else admin first");

        // anonymous and non-members see members without roles
        JsonNode anonymous = TestAccounts.json(accounts.call("GET", "/api/organizations/" + acme + "/members", null,
                null).body());
        assertThat(names(anonymous, "user")).containsExactlyInAnyOrder(owner.name(), bob.name());
        assertThat(anonymous.get(0).has("role")).isFalse();

        assertThat(accounts.call("DELETE", "/api/organizations/" + acme + "/members/" + bob.name(),
                owner.writeToken(), null).statusCode()).isEqualTo(204);
        assertError(accounts.call("DELETE", "/api/organizations/" + acme + "/members/" + bob.name(),
                owner.writeToken(), null), 404, bob.name() + " is not a member of " + acme);
        assertError(accounts.call("GET", "/api/organizations/no-such-org-" + acme + "/members", null, null), 404,
                "Organization no-such-org-" + acme + " not found");
    }

    @Test
    void userOverviewHasHuggingFacesShape() {
        TestAccounts.User alice = accounts.user("alice");
        String acme = accounts.org("acme", alice);
        HttpResponse<String> response = accounts.call("GET", "/api/users/" + alice.name() + "/overview", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode user = TestAccounts.json(response.body());
        assertThat(user.propertyNames()).containsExactly("_id", "user", "fullname", "avatarUrl", "type", "isPro",
                "isFollowing", "details", "createdAt", "numModels", "numDatasets", "numSpaces", "numDiscussions",
                "numPapers", "numUpvotes", "numLikes", "numFollowers", "numFollowing", "orgs");
        assertThat(user.get("user").asString()).isEqualTo(alice.name());
        assertThat(user.get("type").asString()).isEqualTo("user");
        assertThat(user.get("isPro").asBoolean()).isFalse();
        assertThat(user.get("createdAt").asString()).matches(DATE);
        assertThat(user.get("numModels").asInt()).isZero();
        assertThat(user.get("orgs").toString()).isEqualTo("[{\"_id\":\"" + idOf(acme) + "\",\"name\":\"" + acme
                + "\",\"fullname\":\"acme Inc.\",\"avatarUrl\":\"\",\"type\":\"org\"}]");
        assertError(accounts.call("GET", "/api/users/" + acme + "/overview", null, null), 404,
                "User " + acme + " not found");
    }

    @Test
    void organizationOverviewHasHuggingFacesShape() {
        TestAccounts.User alice = accounts.user("alice");
        TestAccounts.User bob = accounts.user("bob");
        String acme = accounts.org("acme", alice);
        accounts.addMember(acme, bob, "read");
        HttpResponse<String> response = accounts.call("GET", "/api/organizations/" + acme + "/overview", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode org = TestAccounts.json(response.body());
        assertThat(org.propertyNames()).containsExactly("_id", "name", "fullname", "avatarUrl", "type", "isPro",
                "isVerified", "isFollowing", "details", "createdAt", "numMembers", "numUsers", "numModels",
                "numDatasets", "numSpaces", "numFollowers", "numPapers");
        assertThat(org.get("name").asString()).isEqualTo(acme);
        assertThat(org.get("type").asString()).isEqualTo("org");
        assertThat(org.get("numMembers").asInt()).isEqualTo(2);
        assertThat(org.get("numUsers").asInt()).isEqualTo(2);
        assertError(accounts.call("GET", "/api/organizations/" + alice.name() + "/overview", null, null), 404,
                "Organization " + alice.name() + " not found");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private String idOf(String org) {
        return TestAccounts.json(accounts.call("GET", "/api/organizations/" + org + "/overview", null, null).body())
                .get("_id").asString();
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("X-Error-Message")).hasValue(message);
        assertThat(TestAccounts.json(response.body()).get("error").asString()).isEqualTo(message);
        assertThat(TestAccounts.json(response.body()).propertyNames()).containsExactly("error");
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.get(field).asString().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    private static List<String> names(HttpResponse<String> response, String field) {
        return names(TestAccounts.json(response.body()), field);
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.get(field).asString()));
        return names;
    }
}
