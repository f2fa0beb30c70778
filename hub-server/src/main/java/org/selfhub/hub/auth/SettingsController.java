package org.selfhub.hub.auth;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Self-service: the caller's own access tokens and password. */
@RestController
class SettingsController {

    record NewTokenRequest(String name, String role) {
    }

    record PasswordChange(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[***]";
        }
    }

    private final AccountService accounts;

    SettingsController(AccountService accounts) {
        this.accounts = accounts;
    }

    /** The secret is in this answer only; listings never show it again. */
    @PostMapping("/api/settings/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> createToken(Caller caller, @RequestBody NewTokenRequest request) {
        return AccountJson.issued(accounts.createOwnToken(caller, request.name(), request.role()));
    }

    @GetMapping("/api/settings/tokens")
    List<Map<String, Object>> tokens(Caller caller) {
        return AccountJson.tokens(accounts.listOwnTokens(caller));
    }

    @DeleteMapping("/api/settings/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable long id) {
        accounts.revokeOwnToken(caller, id);
    }

    @PutMapping("/api/settings/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(Caller caller, @RequestBody PasswordChange change) {
        accounts.changeOwnPassword(caller, change.currentPassword(), change.newPassword());
    }
}
