package org.selfhub.hub.auth;

import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Password logins for the browser: throttled, audited, and silent about which part was wrong. */
@Service
class LoginService {

    static final String BAD_LOGIN = "Invalid username or password.";

    private final AccountRepository accounts;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;

    LoginService(AccountRepository accounts, Passwords passwords, LoginThrottle throttle, AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
    }

    /** The account id for a correct user name (or e-mail) and password; throws 401 or 429 otherwise. */
    long login(String username, String password, String clientAddress) {
        String login = username == null ? "" : username.strip();
        if (login.isEmpty() || login.length() > 320 || password == null) {
            throw HubException.badRequest("'username' and 'password' are required");
        }
        OptionalLong wait = throttle.retryAfter(login, clientAddress);
        if (wait.isPresent()) {
            audit.recordNow(null, "login.throttled", login, Map.of());
            throw new HubException(HubErrorCode.RATE_LIMITED,
                    "Too many failed logins; try again in " + wait.getAsLong() + " seconds")
                    .withHeader("Retry-After", Long.toString(wait.getAsLong()));
        }
        var account = accounts.findUserByLogin(login);
        boolean ok = passwords.matches(password, account.map(AccountRow::passwordHash).orElse(null));
        if (!ok || account.get().disabled()) {
            throttle.failed(login, clientAddress);
            String reason = account.isEmpty() ? "unknown user" : !ok ? "wrong password" : "disabled";
            audit.recordNow(null, "login.failed", account.map(AccountRow::name).orElse(login),
                    Map.of("reason", reason));
            throw new HubException(HubErrorCode.UNAUTHORIZED, BAD_LOGIN).withStatus(HttpStatus.UNAUTHORIZED);
        }
        throttle.succeeded(login);
        audit.recordNow(account.get().name(), "login.succeeded", account.get().name(), Map.of());
        return account.get().id();
    }

    /** Ends every browser session of the account (the cookie cannot be revoked one by one). */
    void logout(Caller caller) {
        accounts.invalidateSessions(caller.accountId(), clock.instant());
        audit.recordNow(caller.name(), "logout", caller.name(), Map.of());
    }
}
