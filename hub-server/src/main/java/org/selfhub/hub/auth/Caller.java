package org.selfhub.hub.auth;

import java.util.Map;

/**
 * Who is calling: an account authenticated by an access token or a browser session, or nobody.
 * {@code tokenRole} is the token's role ({@code read} or {@code write}); a browser session acts
 * with the full rights of its user ({@code tokenRole} null). {@code orgRoles} maps each
 * organization name (lower case) the user belongs to onto its role there.
 *
 * <p>Controllers declare a {@code Caller} parameter; filters outside MVC (git, LFS) use
 * {@code AuthService}. What a caller may do with a repository is decided by {@link AccessPolicy}.
 */
public record Caller(Long accountId, String name, boolean admin, String tokenRole, Map<String, String> orgRoles) {

    public static final Caller ANONYMOUS = new Caller(null, null, false, null, Map.of());

    public Caller {
        orgRoles = orgRoles == null ? Map.of() : Map.copyOf(orgRoles);
    }

    public boolean isAnonymous() {
        return accountId == null;
    }

    /** A read token may only read, whatever its user's rights. */
    public boolean isReadOnlyToken() {
        return "read".equals(tokenRole);
    }
}
