package org.selfhub.hub.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The facade of accounts: users, organizations, memberships and access tokens. Every method that
 * changes something takes the acting {@link Caller}, checks its rights and writes the audit log.
 */
@Service
public class AccountService {

    private static final List<String> TOKEN_ROLES = List.of("read", "write");
    private static final List<String> ORG_ROLES = List.of("admin", "write", "read");

    private final AccountRepository accounts;
    private final TokenRepository tokens;
    private final Passwords passwords;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    AccountService(AccountRepository accounts, TokenRepository tokens, Passwords passwords, AccessPolicy policy,
                   AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.passwords = passwords;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- users -------------------------------------------------------------------------------

    @Transactional
    public UserAccount createUser(Caller actor, NewUser user) {
        policy.requireHubAdmin(actor, true);
        NameRules.requireValidAccountName(user.name());
        String email = requireEmail(user.email());
        String fullname = optionalText(user.fullname(), "fullname", 200);
        String hash = passwords.hash(user.password());
        if (accounts.findByName(user.name()).isPresent()) {
            throw nameTaken(user.name());
        }
        if (accounts.emailTaken(email, null)) {
            throw new HubException(HubErrorCode.CONFLICT, "The e-mail address is already used by another account");
        }
        long id = insertAccount("user", user.name(), fullname, email, hash, user.admin());
        audit.record(actor.name(), "user.created", user.name(), Map.of("admin", user.admin()));
        return accounts.findById(id).orElseThrow().toUser();
    }

    @Transactional(readOnly = true)
    public List<UserAccount> listUsers(Caller actor) {
        policy.requireHubAdmin(actor, false);
        return accounts.list("user").stream().map(AccountRow::toUser).toList();
    }

    @Transactional(readOnly = true)
    public Optional<UserAccount> findUser(String name) {
        return accounts.findByName(name).filter(a -> !a.isOrg()).map(AccountRow::toUser);
    }

    /** The user with this id; throws 401 when it no longer exists (a session outliving its user). */
    @Transactional(readOnly = true)
    public UserAccount findUserById(long id) {
        return accounts.findById(id).filter(a -> !a.isOrg()).map(AccountRow::toUser)
                .orElseThrow(AuthService::invalidCredentials);
    }

    @Transactional
    public UserAccount updateUser(Caller actor, String name, UserChanges changes) {
        policy.requireHubAdmin(actor, true);
        AccountRow user = requireUser(name);
        boolean self = user.id() == actor.accountId();
        if (self && (Boolean.TRUE.equals(changes.disabled()) || Boolean.FALSE.equals(changes.admin()))) {
            throw HubException.badRequest("You cannot disable yourself or remove your own admin rights");
        }
        Instant now = clock.instant();
        String email = user.email();
        List<String> changed = new ArrayList<>();
        if (changes.email() != null && !changes.email().equalsIgnoreCase(String.valueOf(user.email()))) {
            email = requireEmail(changes.email());
            if (accounts.emailTaken(email, user.id())) {
                throw new HubException(HubErrorCode.CONFLICT, "The e-mail address is already used by another account");
            }
            changed.add("email");
        }
        String fullname = user.fullname();
        if (changes.fullname() != null) {
            fullname = optionalText(changes.fullname(), "fullname", 200);
            changed.add("fullname");
        }
        String hash = user.passwordHash();
        Instant sessionsValidAfter = user.sessionsValidAfter();
        if (changes.password() != null) {
            hash = passwords.hash(changes.password());
            sessionsValidAfter = now;
            changed.add("password");
        }
        boolean admin = changes.admin() == null ? user.admin() : changes.admin();
        if (admin != user.admin()) {
            changed.add("admin");
        }
        boolean disabled = changes.disabled() == null ? user.disabled() : changes.disabled();
        if (disabled != user.disabled()) {
            changed.add("disabled");
            if (disabled) {
                sessionsValidAfter = now;
            }
        }
        accounts.update(new AccountRow(user.id(), user.kind(), user.name(), fullname, email, hash, user.avatarUrl(),
                admin, disabled, user.createdAt(), sessionsValidAfter), now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("changed", changed);
        if (changed.contains("admin")) {
            details.put("admin", admin);
        }
        if (changed.contains("disabled")) {
            details.put("disabled", disabled);
        }
        audit.record(actor.name(), "user.updated", user.name(), details);
        return accounts.findById(user.id()).orElseThrow().toUser();
    }

    @Transactional
    public void deleteUser(Caller actor, String name) {
        policy.requireHubAdmin(actor, true);
        AccountRow user = requireUser(name);
        if (user.id() == actor.accountId()) {
            throw HubException.badRequest("You cannot delete your own account");
        }
        try {
            accounts.delete(user.id());
        } catch (DataIntegrityViolationException e) {
            throw new HubException(HubErrorCode.CONFLICT,
                    "User " + user.name() + " still owns repositories; delete or move them first");
        }
        audit.record(actor.name(), "user.deleted", user.name(), Map.of());
    }

    /** Changes the caller's own password after checking the current one; ends the caller's browser sessions. */
    @Transactional
    public void changeOwnPassword(Caller actor, String currentPassword, String newPassword) {
        policy.requireAuthenticated(actor);
        policy.requireWriteToken(actor);
        AccountRow user = accounts.findById(actor.accountId()).orElseThrow(() -> unauthorized());
        if (!passwords.matches(currentPassword, user.passwordHash())) {
            audit.recordNow(actor.name(), "password.change_failed", actor.name(), Map.of());
            throw HubException.forbidden("The current password is wrong");
        }
        Instant now = clock.instant();
        accounts.update(new AccountRow(user.id(), user.kind(), user.name(), user.fullname(), user.email(),
                passwords.hash(newPassword), user.avatarUrl(), user.admin(), user.disabled(), user.createdAt(), now),
                now);
        audit.record(actor.name(), "password.changed", actor.name(), Map.of());
    }

    // ---- tokens ------------------------------------------------------------------------------

    /** A new token for the caller's own account. A read token cannot mint tokens. */
    @Transactional
    public IssuedToken createOwnToken(Caller actor, String tokenName, String role) {
        policy.requireAuthenticated(actor);
        policy.requireWriteToken(actor);
        return issue(actor, accounts.findById(actor.accountId()).orElseThrow(() -> unauthorized()), tokenName, role);
    }

    /** A new token for any user, by a hub admin. */
    @Transactional
    public IssuedToken createToken(Caller actor, String userName, String tokenName, String role) {
        policy.requireHubAdmin(actor, true);
        return issue(actor, requireUser(userName), tokenName, role);
    }

    @Transactional(readOnly = true)
    public List<TokenInfo> listOwnTokens(Caller actor) {
        policy.requireAuthenticated(actor);
        return tokens.listLive(actor.accountId());
    }

    @Transactional(readOnly = true)
    public List<TokenInfo> listTokens(Caller actor, String userName) {
        policy.requireHubAdmin(actor, false);
        return tokens.listLive(requireUser(userName).id());
    }

    /** Revokes one of the caller's own tokens; someone else's token answers as missing. */
    @Transactional
    public void revokeOwnToken(Caller actor, long tokenId) {
        policy.requireAuthenticated(actor);
        policy.requireWriteToken(actor);
        TokenInfo token = tokens.findLive(actor.accountId(), tokenId)
                .orElseThrow(() -> HubException.notFound("No token with id " + tokenId));
        tokens.revoke(actor.accountId(), tokenId, clock.instant());
        audit.record(actor.name(), "token.revoked", actor.name(), Map.of("tokenId", token.id(), "tokenName",
                token.name()));
    }

    @Transactional(readOnly = true)
    public Optional<TokenInfo> findToken(long accountId, long tokenId) {
        return tokens.findLive(accountId, tokenId);
    }

    // ---- organizations -----------------------------------------------------------------------

    /** Creates an organization; its creator becomes its admin. */
    @Transactional
    public OrganizationAccount createOrganization(Caller actor, String name, String fullname) {
        policy.requireAuthenticated(actor);
        policy.requireWriteToken(actor);
        NameRules.requireValidAccountName(name);
        String full = optionalText(fullname, "fullname", 200);
        if (accounts.findByName(name).isPresent()) {
            throw nameTaken(name);
        }
        long id = insertAccount("org", name, full, null, null, false);
        accounts.upsertMembership(id, actor.accountId(), "admin", clock.instant());
        audit.record(actor.name(), "org.created", name, Map.of());
        audit.record(actor.name(), "membership.added", name, Map.of("user", actor.name(), "role", "admin"));
        return organization(accounts.findById(id).orElseThrow());
    }

    @Transactional(readOnly = true)
    public List<OrganizationAccount> listOrganizations(Caller actor) {
        policy.requireHubAdmin(actor, false);
        return accounts.list("org").stream().map(this::organization).toList();
    }

    @Transactional(readOnly = true)
    public Optional<OrganizationAccount> findOrganization(String name) {
        return accounts.findByName(name).filter(AccountRow::isOrg).map(this::organization);
    }

    /** The organizations a user belongs to, by name, each with the user's role there. */
    @Transactional(readOnly = true)
    public Map<OrganizationAccount, String> organizationsOf(long userId) {
        Map<OrganizationAccount, String> result = new LinkedHashMap<>();
        accounts.orgsOf(userId).forEach(e -> result.put(organization(e.getKey()), e.getValue()));
        return result;
    }

    @Transactional(readOnly = true)
    public List<OrgMember> members(String organization) {
        return accounts.members(requireOrg(organization).id());
    }

    /** Adds a member or changes a member's role; for the organization's admins and hub admins. */
    @Transactional
    public OrgMember putMember(Caller actor, String organization, String userName, String role) {
        AccountRow org = requireOrg(organization);
        requireOrgAdmin(actor, org);
        String r = requireOneOf(role, ORG_ROLES, "role");
        AccountRow user = requireUser(userName);
        Optional<String> previous = accounts.role(org.id(), user.id());
        if (previous.isPresent() && previous.get().equals("admin") && !r.equals("admin")
                && accounts.adminCount(org.id()) == 1) {
            throw HubException.badRequest("An organization needs at least one admin; make someone else admin first");
        }
        accounts.upsertMembership(org.id(), user.id(), r, clock.instant());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("user", user.name());
        details.put("role", r);
        previous.ifPresent(p -> details.put("previousRole", p));
        audit.record(actor.name(), previous.isPresent() ? "membership.changed" : "membership.added", org.name(),
                details);
        return new OrgMember(user.id(), user.name(), user.fullname(), user.avatarUrl(), r);
    }

    @Transactional
    public void removeMember(Caller actor, String organization, String userName) {
        AccountRow org = requireOrg(organization);
        requireOrgAdmin(actor, org);
        AccountRow user = requireUser(userName);
        Optional<String> role = accounts.role(org.id(), user.id());
        if (role.isEmpty()) {
            throw HubException.notFound(user.name() + " is not a member of " + org.name());
        }
        if (role.get().equals("admin") && accounts.adminCount(org.id()) == 1) {
            throw HubException.badRequest("An organization needs at least one admin; make someone else admin first");
        }
        accounts.deleteMembership(org.id(), user.id());
        audit.record(actor.name(), "membership.removed", org.name(), Map.of("user", user.name(),
                "role", role.get()));
    }

    // ---- internals ---------------------------------------------------------------------------

    /** Used by the first-start bootstrap: an admin user without an actor. */
    long createBootstrapAdmin(String name, String password) {
        long id = insertAccount("user", name, null, null, passwords.hash(password), true);
        audit.record(null, "user.created", name, Map.of("admin", true, "bootstrap", true));
        return id;
    }

    /** Stores a token whose secret was chosen elsewhere (the configured bootstrap token). */
    TokenInfo storeToken(long accountId, String accountName, String tokenName, String role, String secret) {
        TokenInfo info = tokens.insert(accountId, tokenName, role, AccessTokens.hash(secret),
                AccessTokens.visiblePart(secret), clock.instant());
        audit.record(null, "token.created", accountName, Map.of("tokenId", info.id(), "tokenName", tokenName,
                "role", role));
        return info;
    }

    private IssuedToken issue(Caller actor, AccountRow user, String tokenName, String role) {
        String name = requireText(tokenName, "name", 100);
        String r = requireOneOf(role, TOKEN_ROLES, "role");
        String secret = AccessTokens.generate(random);
        TokenInfo info = tokens.insert(user.id(), name, r, AccessTokens.hash(secret), AccessTokens.visiblePart(secret),
                clock.instant());
        audit.record(actor.name(), "token.created", user.name(), Map.of("tokenId", info.id(), "tokenName", name,
                "role", r));
        return new IssuedToken(secret, info);
    }

    private void requireOrgAdmin(Caller actor, AccountRow org) {
        policy.requireAuthenticated(actor);
        if (!actor.admin() && !"admin".equals(actor.roleIn(org.name()))) {
            throw HubException.forbidden("Only admins of " + org.name() + " can manage its members");
        }
        policy.requireWriteToken(actor);
    }

    private long insertAccount(String kind, String name, String fullname, String email, String hash, boolean admin) {
        try {
            return accounts.insert(kind, name, fullname, email, hash, admin, clock.instant());
        } catch (DuplicateKeyException e) {
            throw nameTaken(name);
        }
    }

    private OrganizationAccount organization(AccountRow row) {
        return new OrganizationAccount(row.id(), row.name(), row.fullname(), row.avatarUrl(), row.createdAt(),
                accounts.memberCount(row.id()));
    }

    private AccountRow requireUser(String name) {
        return accounts.findByName(name == null ? "" : name).filter(a -> !a.isOrg())
                .orElseThrow(() -> HubException.notFound("User " + name + " not found"));
    }

    private AccountRow requireOrg(String name) {
        return accounts.findByName(name == null ? "" : name).filter(AccountRow::isOrg)
                .orElseThrow(() -> HubException.notFound("Organization " + name + " not found"));
    }

    private static HubException nameTaken(String name) {
        return new HubException(HubErrorCode.CONFLICT, "The name " + name + " is already taken");
    }

    private static HubException unauthorized() {
        return new HubException(HubErrorCode.UNAUTHORIZED, AuthService.INVALID_CREDENTIALS);
    }

    private static String requireEmail(String email) {
        String e = requireText(email, "email", 320);
        int at = e.indexOf('@');
        if (at <= 0 || at != e.lastIndexOf('@') || at == e.length() - 1 || e.chars().anyMatch(Character::isWhitespace)) {
            throw HubException.badRequest("Invalid e-mail address");
        }
        return e;
    }

    private static String requireText(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw HubException.badRequest("'" + field + "' is required");
        }
        return optionalText(value, field, max);
    }

    private static String optionalText(String value, String field, int max) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw HubException.badRequest("'" + field + "' must have at most " + max + " characters");
        }
        return v.isEmpty() ? null : v;
    }

    private static String requireOneOf(String value, List<String> allowed, String field) {
        String v = value == null ? null : value.toLowerCase(Locale.ROOT);
        if (v == null || !allowed.contains(v)) {
            throw HubException.badRequest("'" + field + "' must be one of " + String.join(", ", allowed));
        }
        return v;
    }
}
