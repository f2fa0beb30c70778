package org.selfhub.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.TestAccounts;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what: every route × every kind of caller (× public/private repository for repository
 * routes), checked against the status the access rules promise. A route joins with ONE line in
 * {@link #ROUTES}. Placeholders: {@code {user}} (a plain user, owner of the user-namespace repos),
 * {@code {other}} (an unrelated user), {@code {org}} (an organization), {@code {repo}} (a seeded
 * repository {@code namespace/name}, public or private, in {@code {user}}'s and in {@code {org}}'s
 * namespace). {@code ok} is the status an allowed caller gets: a route that would destroy the
 * fixture is called with a body or target that fails validation after the access check (400/404).
 */
class AuthorizationMatrixIntegrationTests extends HubIntegrationTest {

    /** What a route demands of its caller. */
    enum Kind {
        /** Anyone, signed in or not. */
        PUBLIC,
        /** Any signed-in user. */
        SELF,
        /** A signed-in user with a write token (or a session). */
        SELF_WRITE,
        /** A hub administrator. */
        ADMIN,
        /** A hub administrator with a write token. */
        ADMIN_WRITE,
        /** An admin of {@code {org}} or a hub administrator, with a write token. */
        ORG_ADMIN,
        /** Reading {@code {repo}}: public for all; private for its namespace's owner or members and hub admins. */
        READ_REPO,
        /** Writing {@code {repo}}: owner, org write/admin members, hub admins; never a read token. */
        WRITE_REPO
    }

    record Route(String method, String path, Kind kind, int ok, String body) {
        Route(String method, String path, Kind kind, int ok) {
            this(method, path, kind, ok, null);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** The routes; one line each. Repository routes (kind READ_REPO / WRITE_REPO) use {repo}. */
    static final List<Route> ROUTES = List.of(
            new Route("GET", "/api/whoami-v2", Kind.SELF, 200),
            new Route("GET", "/api/auth/session", Kind.SELF, 200),
            new Route("GET", "/api/settings/tokens", Kind.SELF, 200),
            new Route("POST", "/api/settings/tokens", Kind.SELF_WRITE, 400, "{\"name\":\"m\",\"role\":\"nope\"}"),
            new Route("DELETE", "/api/settings/tokens/987654321", Kind.SELF_WRITE, 404),
            new Route("POST", "/api/organizations", Kind.SELF_WRITE, 400, "{\"name\":\"bad--name\"}"),
            new Route("GET", "/api/admin/users", Kind.ADMIN, 200),
            new Route("POST", "/api/admin/users", Kind.ADMIN_WRITE, 400, "{\"name\":\"bad--name\"}"),
            new Route("PATCH", "/api/admin/users/{other}", Kind.ADMIN_WRITE, 200, "{}"),
            new Route("DELETE", "/api/admin/users/no-such-user-in-matrix", Kind.ADMIN_WRITE, 404),
            new Route("GET", "/api/admin/users/{other}/tokens", Kind.ADMIN, 200),
            new Route("POST", "/api/admin/users/{other}/tokens", Kind.ADMIN_WRITE, 400,
                    "{\"name\":\"m\",\"role\":\"nope\"}"),
            new Route("GET", "/api/admin/organizations", Kind.ADMIN, 200),
            new Route("GET", "/api/admin/audit?limit=1", Kind.ADMIN, 200),
            new Route("GET", "/api/admin/storage", Kind.ADMIN, 200),
            new Route("GET", "/api/organizations/{org}/members", Kind.PUBLIC, 200),
            new Route("POST", "/api/organizations/{org}/members", Kind.ORG_ADMIN, 400,
                    "{\"user\":\"{other}\",\"role\":\"nope\"}"),
            new Route("DELETE", "/api/organizations/{org}/members/no-such-user-in-matrix", Kind.ORG_ADMIN, 404),
            new Route("GET", "/api/organizations/{org}/overview", Kind.PUBLIC, 200),
            new Route("GET", "/api/users/{user}/overview", Kind.PUBLIC, 200),
            new Route("GET", "/api/models", Kind.PUBLIC, 200),
            new Route("GET", "/api/models/{repo}", Kind.READ_REPO, 200),
            new Route("GET", "/api/models/{repo}/revision/main", Kind.READ_REPO, 200),
            new Route("GET", "/api/models/{repo}/tree/main", Kind.READ_REPO, 200),
            new Route("GET", "/api/models/{repo}/refs", Kind.READ_REPO, 200),
            new Route("GET", "/api/models/{repo}/commits/main", Kind.READ_REPO, 200),
            new Route("POST", "/api/models/{repo}/paths-info/main", Kind.READ_REPO, 200,
                    "{\"paths\":[\".gitattributes\"]}"),
            new Route("GET", "/{repo}/resolve/main/.gitattributes", Kind.READ_REPO, 200),
            new Route("GET", "/{repo}/raw/main/.gitattributes", Kind.READ_REPO, 200),
            new Route("POST", "/{repo}.git/info/lfs/objects/batch", Kind.READ_REPO, 200,
                    "{\"operation\":\"download\",\"objects\":[]}"),
            new Route("POST", "/api/models/{repo}/preupload/main", Kind.WRITE_REPO, 200, "{\"files\":[]}"),
            new Route("POST", "/api/models/{repo}/commit/main", Kind.WRITE_REPO, 400,
                    "{\"summary\":\"m\",\"files\":[{\"path\":\"../escape\",\"content\":\"\",\"encoding\":\"base64\"}]}"),
            new Route("PUT", "/api/models/{repo}/settings", Kind.WRITE_REPO, 400, "{\"gated\":\"nope\"}"),
            new Route("DELETE", "/api/models/{repo}/branch/no-such-branch", Kind.WRITE_REPO, 404),
            new Route("DELETE", "/api/models/{repo}/tag/no-such-tag", Kind.WRITE_REPO, 404),
            new Route("POST", "/{repo}.git/info/lfs/objects/batch", Kind.WRITE_REPO, 200,
                    "{\"operation\":\"upload\",\"objects\":[]}"),
            new Route("GET", "/{repo}/info/refs?service=git-upload-pack", Kind.READ_REPO, 200),
            new Route("POST", "/{repo}.git/git-upload-pack", Kind.READ_REPO, 415),
            new Route("GET", "/{repo}.git/info/refs?service=git-receive-pack", Kind.WRITE_REPO, 200),
            new Route("POST", "/{repo}/git-receive-pack", Kind.WRITE_REPO, 415),
            new Route("GET", "/{repo}.git/info/lfs/locks", Kind.READ_REPO, 200),
            new Route("POST", "/{repo}.git/info/lfs/locks", Kind.WRITE_REPO, 400, "{\"path\":\"../x\"}"),
            new Route("POST", "/{repo}.git/info/lfs/locks/verify", Kind.WRITE_REPO, 200, "{}"),
            new Route("POST", "/{repo}/info/lfs/locks/00000000-0000-0000-0000-000000000000/unlock", Kind.WRITE_REPO,
                    404, "{}"));

    /** The kinds of callers. */
    enum Who {
        ANONYMOUS, READ_TOKEN, WRITE_TOKEN, OTHER_USER, ORG_READ, ORG_WRITE, ORG_ADMIN, HUB_ADMIN, DISABLED_USER,
        REVOKED_TOKEN
    }

    /** Where a seeded repository lives. */
    enum Owner { USER, ORG }

    private final Map<Who, String> tokens = new EnumMap<>(Who.class);
    private String user;
    private String other;
    private String org;

    @TestFactory
    Stream<DynamicTest> everyRouteAnswersEveryCallerAsTheRulesSay() {
        setUpFixture();
        List<DynamicTest> tests = new ArrayList<>();
        for (Route route : ROUTES) {
            boolean repoRoute = route.kind() == Kind.READ_REPO || route.kind() == Kind.WRITE_REPO;
            for (Owner owner : repoRoute ? Owner.values() : new Owner[] {Owner.USER}) {
                for (boolean isPrivate : repoRoute ? new boolean[] {false, true} : new boolean[] {false}) {
                    for (Who who : Who.values()) {
                        String path = expand(route.path(), owner, isPrivate);
                        String name = route.method() + " " + path + " as " + who
                                + (repoRoute ? " (" + (isPrivate ? "private" : "public") + ")" : "");
                        int expected = expected(route, owner, isPrivate, who);
                        tests.add(DynamicTest.dynamicTest(name, () -> {
                            HttpResponse<String> response = TestAccounts.create(baseUrl(), ADMIN_TOKEN).call(
                                    route.method(), path, tokens.get(who),
                                    route.body() == null ? null : JSON.readTree(expand(route.body(), owner, isPrivate)));
                            assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(expected);
                            if (expected == 401 && (who == Who.DISABLED_USER || who == Who.REVOKED_TOKEN)) {
                                assertThat(response.headers().firstValue("X-Error-Message"))
                                        .hasValue(AuthService.INVALID_CREDENTIALS);
                            }
                        }));
                    }
                }
            }
        }
        return tests.stream();
    }

    /** The access rules, written out independently of {@link AccessPolicy}. */
    private static int expected(Route route, Owner owner, boolean isPrivate, Who who) {
        if (who == Who.DISABLED_USER || who == Who.REVOKED_TOKEN) {
            return 401;
        }
        int ok = route.ok();
        switch (route.kind()) {
            case PUBLIC:
                return ok;
            case SELF:
                return who == Who.ANONYMOUS ? 401 : ok;
            case SELF_WRITE:
                return who == Who.ANONYMOUS ? 401 : who == Who.READ_TOKEN ? 403 : ok;
            case ADMIN:
            case ADMIN_WRITE:
                return who == Who.ANONYMOUS ? 401 : who == Who.HUB_ADMIN ? ok : 403;
            case ORG_ADMIN:
                return who == Who.ANONYMOUS ? 401 : who == Who.HUB_ADMIN || who == Who.ORG_ADMIN ? ok : 403;
            case READ_REPO:
                return canRead(owner, isPrivate, who) ? ok : who == Who.ANONYMOUS ? 401 : 404;
            case WRITE_REPO:
                if (!canRead(owner, isPrivate, who)) {
                    return who == Who.ANONYMOUS ? 401 : 404;
                }
                if (who == Who.ANONYMOUS) {
                    return 401;
                }
                boolean writer = who == Who.HUB_ADMIN
                        || owner == Owner.USER && who == Who.WRITE_TOKEN
                        || owner == Owner.ORG && (who == Who.ORG_WRITE || who == Who.ORG_ADMIN);
                return writer ? ok : 403;
            default:
                throw new IllegalStateException(route.kind().name());
        }
    }

    private static boolean canRead(Owner owner, boolean isPrivate, Who who) {
        if (!isPrivate || who == Who.HUB_ADMIN) {
            return true;
        }
        if (owner == Owner.USER) {
            return who == Who.READ_TOKEN || who == Who.WRITE_TOKEN;
        }
        return who == Who.ORG_READ || who == Who.ORG_WRITE || who == Who.ORG_ADMIN;
    }

    private String expand(String template, Owner owner, boolean isPrivate) {
        String namespace = owner == Owner.USER ? user : org;
        return template.replace("{user}", user).replace("{other}", other).replace("{org}", org)
                .replace("{repo}", namespace + "/" + (isPrivate ? "matrix-private" : "matrix-public"));
    }

    private void setUpFixture() {
        TestAccounts accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        TestAccounts.User owner = accounts.user("mx-owner");
        TestAccounts.User stranger = accounts.user("mx-other");
        TestAccounts.User orgAdmin = accounts.user("mx-orgadmin");
        TestAccounts.User orgWriter = accounts.user("mx-orgwriter");
        TestAccounts.User orgReader = accounts.user("mx-orgreader");
        TestAccounts.User hubAdmin = accounts.admin("mx-root");
        TestAccounts.User disabled = accounts.user("mx-disabled");
        TestAccounts.User revoker = accounts.user("mx-revoked");
        org = accounts.org("mx-org", orgAdmin);
        accounts.addMember(org, orgWriter, "write");
        accounts.addMember(org, orgReader, "read");
        accounts.disable(disabled);
        String revoked = accounts.token(revoker.name(), "write");
        long revokedId = TestAccounts.json(accounts.call("GET", "/api/settings/tokens", revoked, null).body())
                .get(2).get("id").asLong();
        assertThat(accounts.call("DELETE", "/api/settings/tokens/" + revokedId, revoker.writeToken(), null)
                .statusCode()).isEqualTo(204);
        user = owner.name();
        other = stranger.name();

        tokens.put(Who.READ_TOKEN, owner.readToken());
        tokens.put(Who.WRITE_TOKEN, owner.writeToken());
        tokens.put(Who.OTHER_USER, stranger.writeToken());
        tokens.put(Who.ORG_READ, orgReader.writeToken());
        tokens.put(Who.ORG_WRITE, orgWriter.writeToken());
        tokens.put(Who.ORG_ADMIN, orgAdmin.writeToken());
        tokens.put(Who.HUB_ADMIN, hubAdmin.writeToken());
        tokens.put(Who.DISABLED_USER, disabled.writeToken());
        tokens.put(Who.REVOKED_TOKEN, revoked);

        for (String namespace : List.of(user, org)) {
            createRepository(accounts, namespace, "matrix-public", false);
            createRepository(accounts, namespace, "matrix-private", true);
        }
    }

    /** Creates a model repository through the API, as the hub admin. */
    private void createRepository(TestAccounts accounts, String namespace, String name, boolean isPrivate) {
        HttpResponse<String> created = accounts.call("POST", "/api/repos/create", tokens.get(Who.HUB_ADMIN),
                JSON.readTree("{\"type\":\"model\",\"organization\":\"" + namespace + "\",\"name\":\"" + name
                        + "\",\"private\":" + isPrivate + "}"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
}
