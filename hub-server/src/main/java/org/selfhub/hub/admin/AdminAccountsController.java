package org.selfhub.hub.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.selfhub.hub.auth.AccessPolicy;
import org.selfhub.hub.auth.AccountService;
import org.selfhub.hub.auth.AuditEntry;
import org.selfhub.hub.auth.AuditLog;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.auth.IssuedToken;
import org.selfhub.hub.auth.NewUser;
import org.selfhub.hub.auth.OrganizationAccount;
import org.selfhub.hub.auth.TokenInfo;
import org.selfhub.hub.auth.UserAccount;
import org.selfhub.hub.auth.UserChanges;
import org.selfhub.hub.shared.HfDates;
import org.selfhub.hub.shared.HubException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accounts for hub administrators (an admin's token, write role for changes, or an admin's
 * browser session). The rights are checked by {@link AccountService}; the audit search here.
 */
@RestController
class AdminAccountsController {

    record NewTokenRequest(String name, String role) {
    }

    record NewUserRequest(String name, String email, String password, String fullname, Boolean admin) {
        @Override
        public String toString() {
            return "NewUserRequest[name=" + name + "]";
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AccountService accounts;
    private final AuditLog audit;
    private final AccessPolicy policy;

    AdminAccountsController(AccountService accounts, AuditLog audit, AccessPolicy policy) {
        this.accounts = accounts;
        this.audit = audit;
        this.policy = policy;
    }

    @PostMapping("/api/admin/users")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> createUser(Caller caller, @RequestBody NewUserRequest user) {
        return user(accounts.createUser(caller, new NewUser(user.name(), user.email(), user.password(),
                user.fullname(), Boolean.TRUE.equals(user.admin()))));
    }

    @GetMapping("/api/admin/users")
    List<Map<String, Object>> users(Caller caller) {
        return accounts.listUsers(caller).stream().map(AdminAccountsController::user).toList();
    }

    @PatchMapping("/api/admin/users/{name}")
    Map<String, Object> updateUser(Caller caller, @PathVariable String name, @RequestBody UserChanges changes) {
        return user(accounts.updateUser(caller, name, changes));
    }

    @DeleteMapping("/api/admin/users/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteUser(Caller caller, @PathVariable String name) {
        accounts.deleteUser(caller, name);
    }

    @PostMapping("/api/admin/users/{name}/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> createToken(Caller caller, @PathVariable String name, @RequestBody NewTokenRequest request) {
        IssuedToken issued = accounts.createToken(caller, name, request.name(), request.role());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", issued.token());
        m.putAll(token(issued.info()));
        return m;
    }

    @GetMapping("/api/admin/users/{name}/tokens")
    List<Map<String, Object>> tokens(Caller caller, @PathVariable String name) {
        return accounts.listTokens(caller, name).stream().map(AdminAccountsController::token).toList();
    }

    @GetMapping("/api/admin/organizations")
    List<Map<String, Object>> organizations(Caller caller) {
        return accounts.listOrganizations(caller).stream().map(AdminAccountsController::organization).toList();
    }

    @GetMapping("/api/admin/audit")
    List<Map<String, Object>> audit(Caller caller, @RequestParam(required = false) String actor,
                                    @RequestParam(required = false) String action,
                                    @RequestParam(required = false) String since,
                                    @RequestParam(defaultValue = "100") int limit) {
        policy.requireHubAdmin(caller, false);
        if (limit < 1) {
            throw HubException.badRequest("limit must be positive");
        }
        Instant from;
        try {
            from = since == null || since.isBlank() ? null : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw HubException.badRequest("since must be an ISO-8601 instant such as 2024-01-31T12:00:00Z");
        }
        return audit.search(blankToNull(actor), blankToNull(action), from, limit).stream()
                .map(AdminAccountsController::entry).toList();
    }

    private static Map<String, Object> user(UserAccount u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("name", u.name());
        m.put("fullname", u.fullname());
        m.put("email", u.email());
        m.put("avatarUrl", u.avatarUrl());
        m.put("admin", u.admin());
        m.put("disabled", u.disabled());
        m.put("createdAt", HfDates.format(u.createdAt()));
        return m;
    }

    private static Map<String, Object> token(TokenInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("role", t.role());
        m.put("prefix", t.prefix());
        m.put("createdAt", HfDates.format(t.createdAt()));
        m.put("lastUsedAt", HfDates.format(t.lastUsedAt()));
        return m;
    }

    private static Map<String, Object> organization(OrganizationAccount o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("name", o.name());
        m.put("fullname", o.fullname());
        m.put("avatarUrl", o.avatarUrl());
        m.put("createdAt", HfDates.format(o.createdAt()));
        m.put("numMembers", o.numMembers());
        return m;
    }

    private static Map<String, Object> entry(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("occurredAt", HfDates.format(e.occurredAt()));
        m.put("actor", e.actor());
        m.put("action", e.action());
        m.put("target", e.target());
        m.put("clientAddress", e.clientAddress());
        m.put("details", e.details() == null ? null : JSON.readTree(e.details()));
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

}
