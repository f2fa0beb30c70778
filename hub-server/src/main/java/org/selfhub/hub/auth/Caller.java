package org.selfhub.hub.auth;

import java.util.Map;
import org.selfhub.hub.auth.spi.ScopedReadTokens.ScopedRead;

/**
 * Who is calling: an account authenticated by an access token or a browser session, or nobody.
 * {@code tokenRole} is the token's role ({@code read} or {@code write}); a browser session acts
 * with the full rights of its user ({@code tokenRole} null). {@code orgRoles} maps each
 * organization name (lower case) the user belongs to onto its role there. {@code tokenId} is the
 * access token's id when the caller came with one. {@code scope} is set only for a
 * {@linkplain #scoped scoped reader} (an {@code hfw_} model read token): such a caller has no account,
 * so it is anonymous to every check, and {@code RepoService.requireReadable} lets it read its one
 * repository (private ones too) and nothing else.
 *
 * <p>Controllers declare a {@code Caller} parameter; filters outside MVC (git, LFS) use
 * {@link AuthService}. What a caller may do with a repository is decided by {@link AccessPolicy}.
 */
public record Caller(Long accountId, String name, boolean admin, String tokenRole, Map<String, String> orgRoles,
                     Long tokenId, ScopedRead scope) {

    public static final Caller ANONYMOUS = new Caller(null, null, false, null, Map.of(), null);

    public Caller {
        orgRoles = orgRoles == null ? Map.of() : Map.copyOf(orgRoles);
    }

    /** An account's caller (or anonymous), never scoped. */
    public Caller(Long accountId, String name, boolean admin, String tokenRole, Map<String, String> orgRoles,
                  Long tokenId) {
        this(accountId, name, admin, tokenRole, orgRoles, tokenId, null);
    }

    /** The holder of a valid scoped read token: may read that repository only. */
    public static Caller scoped(ScopedRead scope) {
        return new Caller(null, null, false, "read", Map.of(), null, java.util.Objects.requireNonNull(scope));
    }

    /** Whether this caller came with a scoped read token ({@link #scope} is set). */
    public boolean isScoped() {
        return scope != null;
    }

    /** A caller without a known token id (tests, sessions when {@code tokenRole} is null). */
    public Caller(Long accountId, String name, boolean admin, String tokenRole, Map<String, String> orgRoles) {
        this(accountId, name, admin, tokenRole, orgRoles, null);
    }

    public boolean isAnonymous() {
        return accountId == null;
    }

    /** A read token may only read, whatever its user's rights. */
    public boolean isReadOnlyToken() {
        return "read".equals(tokenRole);
    }

    /** Authenticated by the browser session cookie rather than a token. */
    public boolean isSession() {
        return accountId != null && tokenRole == null;
    }

    /** The caller's role in the organization ({@code admin}, {@code write}, {@code read}) or null. */
    public String roleIn(String organization) {
        return organization == null ? null : orgRoles.get(organization.toLowerCase(java.util.Locale.ROOT));
    }
}
