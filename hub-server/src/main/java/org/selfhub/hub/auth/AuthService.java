package org.selfhub.hub.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.selfhub.hub.auth.spi.ScopedReadTokens;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The authentication facade. MVC controllers get their {@link Caller} as a parameter; code outside
 * MVC (git smart HTTP, LFS) calls {@link #current} or {@link #authenticateToken}. Namespaces are
 * looked up here so the repository feature can check owners.
 */
@Service
public class AuthService {

    /** The exact message the Python client recognises for a bad token (hub-api-contract.md §1.6). */
    public static final String INVALID_CREDENTIALS = "Invalid credentials in Authorization header";

    static final String CALLER_ATTRIBUTE = Caller.class.getName();

    private final AccountRepository accounts;
    private final TokenRepository tokens;
    private final SessionCookies sessions;
    private final Clock clock;
    private final ObjectProvider<ScopedReadTokens> scopedReads;
    private final CallerCache callers;

    AuthService(AccountRepository accounts, TokenRepository tokens, SessionCookies sessions, Clock clock,
                ObjectProvider<ScopedReadTokens> scopedReads, CallerCache callers) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.sessions = sessions;
        this.clock = clock;
        this.scopedReads = scopedReads;
        this.callers = callers;
    }

    /**
     * The caller holding this raw access token ({@code hf_...}), or empty when the token is unknown,
     * revoked, or its user is disabled or deleted. Records the token's use (at most once a minute,
     * and only when the caller was not cached: see {@link CallerCache} for how long a live token's
     * caller is remembered). Not one transaction: a cached caller must not cost a pooled connection.
     */
    public Optional<Caller> authenticateToken(String rawToken) {
        if (!AccessTokens.looksLikeToken(rawToken)) {
            return Optional.empty();
        }
        String hash = AccessTokens.hash(rawToken);
        return callers.get(hash, () -> tokens.findLive(hash).map(owner -> {
            Instant now = clock.instant();
            if (owner.lastUsedAt() == null || owner.lastUsedAt().isBefore(now.minusSeconds(60))) {
                tokens.touch(owner.tokenId(), now);
            }
            return new Caller(owner.accountId(), owner.name(), owner.admin(), owner.role(),
                    accounts.orgRoles(owner.accountId()), owner.tokenId());
        }));
    }

    /**
     * The caller of this request, as the authentication filter resolved it. Outside the filter's
     * reach it resolves the request itself: a bad token then throws the 401 every route answers.
     */
    public Caller current(HttpServletRequest request) {
        Object caller = request.getAttribute(CALLER_ATTRIBUTE);
        if (caller instanceof Caller c) {
            return c;
        }
        Caller resolved = resolve(request);
        request.setAttribute(CALLER_ATTRIBUTE, resolved);
        return resolved;
    }

    /** The user or organization with this name (without regard to case). */
    @Transactional(readOnly = true)
    public Optional<Namespace> findNamespace(String name) {
        if (name == null || name.isEmpty() || name.length() > NameRules.MAX_LENGTH) {
            return Optional.empty();
        }
        return accounts.findByName(name).map(AccountRow::toNamespace);
    }

    /**
     * Resolves credentials: the Authorization header first, else the session cookie, else anonymous.
     * An {@code hfw_} token is a {@linkplain Caller#scoped scoped reader} when {@link ScopedReadTokens}
     * accepts it, and 401 otherwise (invalid, expired, or no implementation).
     */
    Caller resolve(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            String token = CredentialHeaders.token(authorization);
            if (token != null && token.startsWith(ScopedReadTokens.PREFIX)) {
                ScopedReadTokens verifier = scopedReads.getIfAvailable();
                return Optional.ofNullable(verifier).flatMap(v -> v.verify(token)).map(Caller::scoped)
                        .orElseThrow(AuthService::invalidCredentials);
            }
            return authenticateToken(token).orElseThrow(AuthService::invalidCredentials);
        }
        if (sessions.hasSessionCookie(request)) {
            return sessions.read(request).flatMap(this::sessionCaller).orElse(Caller.ANONYMOUS);
        }
        return Caller.ANONYMOUS;
    }

    /** The session's caller when its user still exists, is enabled, and has not ended its sessions since. */
    @Transactional(readOnly = true)
    Optional<Caller> sessionCaller(SessionCookies.Session session) {
        return accounts.findById(session.accountId())
                .filter(a -> !a.isOrg() && !a.disabled())
                .filter(a -> a.sessionsValidAfter() == null || !session.issuedAt().isBefore(a.sessionsValidAfter()))
                .map(a -> new Caller(a.id(), a.name(), a.admin(), null, accounts.orgRoles(a.id()), null));
    }

    static HubException invalidCredentials() {
        return new HubException(HubErrorCode.UNAUTHORIZED, INVALID_CREDENTIALS);
    }
}
