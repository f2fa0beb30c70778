package org.selfhub.hub.auth;

import java.util.Locale;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoRef;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The one access policy of the hub, used by every route (API, files, git, LFS, UI, inference).
 * Read: a public repository; a private one in the caller's own namespace or in an organization the
 * caller belongs to; or any for an admin. Write: the caller's own namespace, an organization where
 * the caller's role is {@code write} or {@code admin}, or admin; never with a read token. A
 * repository the caller may not read answers exactly like a missing one (hub-api-contract.md §1.6).
 */
@Component
public class AccessPolicy {

    /** The 401 message for a route that needs a signed-in caller and got none. */
    public static final String AUTHENTICATION_REQUIRED =
            "Authentication required: send an access token as 'Authorization: Bearer hf_...'";

    public boolean canRead(Caller caller, String namespace, boolean isPrivate) {
        if (!isPrivate || caller.admin()) {
            return true;
        }
        if (caller.isAnonymous()) {
            return false;
        }
        return isOwnNamespace(caller, namespace) || caller.orgRoles().containsKey(lower(namespace));
    }

    /** Whether the caller's account may write in the namespace, ignoring the token's role. */
    public boolean hasWriteRole(Caller caller, String namespace) {
        if (caller.isAnonymous()) {
            return false;
        }
        if (caller.admin() || isOwnNamespace(caller, namespace)) {
            return true;
        }
        String role = caller.orgRoles().get(lower(namespace));
        return "write".equals(role) || "admin".equals(role);
    }

    public boolean canWrite(Caller caller, String namespace) {
        return !caller.isReadOnlyToken() && hasWriteRole(caller, namespace);
    }

    /** Throws exactly what a missing repository answers when the caller may not read it. */
    public void requireRead(Caller caller, RepoRef repo, boolean isPrivate) {
        if (!canRead(caller, repo.namespace(), isPrivate)) {
            throw repoNotFound(caller, repo);
        }
    }

    /**
     * Throws not-found when the caller cannot even read the repository, 401 for anonymous callers,
     * 403 for a read token or a caller without a write role.
     */
    public void requireWrite(Caller caller, RepoRef repo, boolean isPrivate) {
        requireRead(caller, repo, isPrivate);
        if (caller.isAnonymous()) {
            throw new HubException(HubErrorCode.UNAUTHORIZED, "You must be authenticated to write to " + repo.id());
        }
        if (!hasWriteRole(caller, repo.namespace())) {
            throw HubException.forbidden("You don't have the rights to write to " + repo.id());
        }
        if (caller.isReadOnlyToken()) {
            throw HubException.forbidden("Your token has the read role and cannot write to " + repo.id()
                    + "; use a token with the write role");
        }
    }

    /** The not-found answer for a repository: 401 with {@code RepoNotFound} for anonymous callers, else 404. */
    public static HubException repoNotFound(Caller caller, RepoRef repo) {
        HubException e = new HubException(HubErrorCode.REPO_NOT_FOUND, "Repository Not Found for url: " + repo
                + ". Please make sure you specified the correct `repo_id` and `repo_type`. If you are trying to"
                + " access a private or gated repo, make sure you are authenticated.");
        return caller.isAnonymous() ? e.withStatus(HttpStatus.UNAUTHORIZED) : e;
    }

    /** Throws 401 unless someone is authenticated. */
    public void requireAuthenticated(Caller caller) {
        if (caller.isAnonymous()) {
            throw new HubException(HubErrorCode.UNAUTHORIZED, AUTHENTICATION_REQUIRED);
        }
    }

    /** Throws 403 for a read token: the route changes something. Sessions and write tokens pass. */
    public void requireWriteToken(Caller caller) {
        if (caller.isReadOnlyToken()) {
            throw HubException.forbidden("Your token has the read role and cannot change anything;"
                    + " use a token with the write role");
        }
    }

    /**
     * Throws unless the caller is a hub administrator: 401 for anonymous callers, 403 otherwise. A
     * {@code write} route also refuses an administrator's read token.
     */
    public void requireHubAdmin(Caller caller, boolean write) {
        requireAuthenticated(caller);
        if (!caller.admin()) {
            throw HubException.forbidden("This route is reserved to hub administrators");
        }
        if (write) {
            requireWriteToken(caller);
        }
    }

    private static boolean isOwnNamespace(Caller caller, String namespace) {
        return caller.name() != null && caller.name().equalsIgnoreCase(namespace);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
