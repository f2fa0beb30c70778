package org.selfhub.hub.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Browser sign-in for the web UI: a signed session cookie plus a CSRF token (see {@link SessionCookies}). */
@RestController
class SessionController {

    record LoginRequest(String username, String password) {
        @Override
        public String toString() {
            return "LoginRequest[username=" + username + "]";
        }
    }

    private final LoginService logins;
    private final SessionCookies sessions;
    private final AccountService accounts;
    private final AccessPolicy policy;

    SessionController(LoginService logins, SessionCookies sessions, AccountService accounts, AccessPolicy policy) {
        this.logins = logins;
        this.sessions = sessions;
        this.accounts = accounts;
        this.policy = policy;
    }

    @PostMapping("/api/auth/login")
    Map<String, Object> login(@RequestBody LoginRequest login, HttpServletRequest request,
                              HttpServletResponse response) {
        long accountId = logins.login(login.username(), login.password(), request.getRemoteAddr());
        String csrf = sessions.issue(accountId, request, response);
        UserAccount user = accounts.findUserById(accountId);
        return session(user, "session", csrf);
    }

    /** Ends the browser sessions of the signed-in user and clears the cookies; always 204. */
    @PostMapping("/api/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(Caller caller, HttpServletRequest request, HttpServletResponse response) {
        if (caller.isSession()) {
            logins.logout(caller);
        }
        sessions.clear(request, response);
    }

    /** Who the UI is signed in as: 200 with the user, or 401. */
    @GetMapping("/api/auth/session")
    Map<String, Object> current(Caller caller, HttpServletRequest request) {
        policy.requireAuthenticated(caller);
        UserAccount user = accounts.findUserById(caller.accountId());
        String csrf = caller.isSession()
                ? sessions.read(request).map(s -> sessions.csrfToken(s.cookieValue())).orElse(null) : null;
        return session(user, caller.isSession() ? "session" : "access_token", csrf);
    }

    private Map<String, Object> session(UserAccount user, String authType, String csrf) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("id", AccountJson.id(user.id()));
        u.put("name", user.name());
        u.put("fullname", user.fullname() == null ? user.name() : user.fullname());
        u.put("email", user.email());
        u.put("avatarUrl", AccountJson.avatar(user.avatarUrl()));
        u.put("isAdmin", user.admin());
        u.put("orgs", accounts.organizationsOf(user.id()).entrySet().stream()
                .map(e -> Map.of("name", e.getKey().name(), "roleInOrg", e.getValue())).toList());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", u);
        m.put("auth", Map.of("type", authType));
        if (csrf != null) {
            m.put("csrfToken", csrf);
        }
        return m;
    }
}
