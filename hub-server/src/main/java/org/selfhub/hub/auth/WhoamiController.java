package org.selfhub.hub.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import org.selfhub.hub.shared.HfDates;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/whoami-v2}, exactly as hub-api-contract.md §8 describes it. */
@RestController
class WhoamiController {

    private final AccountService accounts;
    private final AccessPolicy policy;

    WhoamiController(AccountService accounts, AccessPolicy policy) {
        this.accounts = accounts;
        this.policy = policy;
    }

    @GetMapping("/api/whoami-v2")
    Map<String, Object> whoami(Caller caller) {
        policy.requireAuthenticated(caller);
        UserAccount user = accounts.findUser(caller.name())
                .orElseThrow(AuthService::invalidCredentials);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "user");
        m.put("id", AccountJson.id(user.id()));
        m.put("name", user.name());
        m.put("fullname", user.fullname() == null ? user.name() : user.fullname());
        m.put("email", user.email());
        m.put("emailVerified", user.email() != null);
        m.put("isPro", false);
        m.put("canPay", false);
        m.put("avatarUrl", AccountJson.avatar(user.avatarUrl()));
        m.put("periodEnd", null);
        m.put("orgs", accounts.organizationsOf(user.id()).entrySet().stream()
                .map(e -> AccountJson.whoamiOrg(e.getKey(), e.getValue())).toList());
        m.put("auth", auth(caller));
        return m;
    }

    private Map<String, Object> auth(Caller caller) {
        Map<String, Object> auth = new LinkedHashMap<>();
        if (caller.isSession()) {
            auth.put("type", "session");
            return auth;
        }
        auth.put("type", "access_token");
        TokenInfo token = caller.tokenId() == null ? null
                : accounts.findToken(caller.accountId(), caller.tokenId()).orElse(null);
        if (token == null) {
            throw AuthService.invalidCredentials();
        }
        Map<String, Object> accessToken = new LinkedHashMap<>();
        accessToken.put("displayName", token.name());
        accessToken.put("role", token.role());
        accessToken.put("createdAt", HfDates.format(token.createdAt()));
        auth.put("accessToken", accessToken);
        return auth;
    }

}
