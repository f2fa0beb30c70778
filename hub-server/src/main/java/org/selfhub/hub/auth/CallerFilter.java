package org.selfhub.hub.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.system.HubErrorResponses;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Resolves every request's {@link Caller} (bearer token, Basic with the token as password, or the
 * session cookie) before anything else handles it. Credentials that are sent but wrong answer 401
 * on every route, anonymous-friendly ones included, as huggingface.co does; a session cookie that
 * is stale just means anonymous. Cookie-authenticated writes must carry the CSRF header.
 * Authorization is not decided here: features ask {@link AccessPolicy}.
 */
class CallerFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** Logging in needs no CSRF token: it carries the password, which a forging site does not know. */
    private static final String LOGIN_PATH = "/api/auth/login";
    /**
     * LFS transfer URLs carry their own signature and are the whole authorization (hub-api-contract.md
     * §7.6): a browser upload sends its session cookie along, which must not make them need CSRF.
     */
    private static final String SIGNED_TRANSFER_PREFIX = "/api/lfs/objects/";

    private final AuthService auth;
    private final SessionCookies sessions;

    CallerFilter(AuthService auth, SessionCookies sessions) {
        this.auth = auth;
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller;
        try {
            caller = auth.resolve(request);
        } catch (HubException e) {
            HubException answer = e;
            if (CredentialHeaders.isBasic(request.getHeader("Authorization"))) {
                // git asks its credential helper again only after a Basic challenge.
                answer = e.withHeader("WWW-Authenticate", "Basic realm=\"Hub\", charset=\"UTF-8\"");
            }
            HubErrorResponses.write(response, answer);
            return;
        }
        if (caller.isSession() && !SAFE_METHODS.contains(request.getMethod())
                && !LOGIN_PATH.equals(request.getRequestURI())
                && !request.getRequestURI().startsWith(SIGNED_TRANSFER_PREFIX)) {
            var session = sessions.read(request).orElseThrow();
            if (!sessions.csrfMatches(session, request.getHeader(SessionCookies.CSRF_HEADER))) {
                HubErrorResponses.write(response, HubException.forbidden("Missing or invalid CSRF token: send the"
                        + " value of the XSRF-TOKEN cookie in the X-XSRF-TOKEN header"));
                return;
            }
        }
        request.setAttribute(AuthService.CALLER_ATTRIBUTE, caller);
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }
}
