package org.selfhub.hub.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Users, organizations and tokens for integration tests, made through the hub's own HTTP API with
 * the bootstrap admin token ({@link HubIntegrationTest#ADMIN_TOKEN}). Names get a unique suffix
 * ({@code user("alice")} → {@code alice-k3x9q2-1}) because every test class shares one hub.
 *
 * <pre>{@code
 * TestAccounts accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
 * TestAccounts.User alice = accounts.user("alice");
 * String acme = accounts.org("acme", alice);
 * accounts.addMember(acme, bob, "read");
 * }</pre>
 */
public final class TestAccounts {

    /** Every test user's password. */
    public static final String PASSWORD = "correct-horse-battery";

    /** A user with a write token and a read token. */
    public record User(String name, String password, String writeToken, String readToken) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RUN = Long.toString(System.nanoTime() % 2_000_000_000L, 36);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String baseUrl;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private TestAccounts(String baseUrl, String adminToken) {
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
    }

    public static TestAccounts create(String baseUrl, String adminToken) {
        return new TestAccounts(baseUrl, adminToken);
    }

    /** A unique name starting with the prefix. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + RUN + "-" + COUNTER.incrementAndGet();
    }

    public User user(String prefix) {
        return createUser(uniqueName(prefix), false);
    }

    /** A hub administrator. */
    public User admin(String prefix) {
        return createUser(uniqueName(prefix), true);
    }

    /** An organization created by the owner, who becomes its admin; returns its name. */
    public String org(String prefix, User owner) {
        String name = uniqueName(prefix);
        expect(201, call("POST", "/api/organizations", owner.writeToken(),
                Map.of("name", name, "fullname", prefix + " Inc.")));
        return name;
    }

    /** Adds a member (or changes the role) as hub admin. */
    public void addMember(String org, User user, String role) {
        expect(200, call("POST", "/api/organizations/" + org + "/members", adminToken,
                Map.of("user", user.name(), "role", role)));
    }

    /** A fresh token for the user, made by the admin. */
    public String token(String userName, String role) {
        HttpResponse<String> response = expect(201, call("POST", "/api/admin/users/" + userName + "/tokens",
                adminToken, Map.of("name", "test-" + role, "role", role)));
        return json(response.body()).get("token").asString();
    }

    public void disable(User user) {
        expect(200, call("PATCH", "/api/admin/users/" + user.name(), adminToken, Map.of("disabled", true)));
    }

    /** Any JSON call with an optional bearer token (null: anonymous) and body (null: none). */
    public HttpResponse<String> call(String method, String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    private User createUser(String name, boolean admin) {
        expect(201, call("POST", "/api/admin/users", adminToken, Map.of("name", name, "email", name + "@example.test",
                "password", PASSWORD, "fullname", name + " Tester", "admin", admin)));
        return new User(name, PASSWORD, token(name, "write"), token(name, "read"));
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError("Expected " + status + " from " + response.request().method() + " "
                    + response.uri() + " but got " + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
