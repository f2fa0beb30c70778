package org.selfhub.hub.inference;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.system.HubErrorResponses;
import org.selfhub.hub.system.WithoutAuthorization;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the worker protocol ({@code /internal/inference/**}) with the pool secret,
 * {@code Authorization: Bearer <hub.inference.worker-secret>}: never a user token. It runs before
 * Spring Security, answers 401 itself, and hides the header from what follows, since the user
 * authentication would take the secret for an unknown {@code hf_} token and refuse it. The
 * controllers check the request attribute it sets, so a route outside its reach stays closed.
 */
final class WorkerAuthFilter extends OncePerRequestFilter {

    static final String PATH_PREFIX = "/internal/inference/";
    static final String AUTHENTICATED = WorkerAuthFilter.class.getName() + ".authenticated";

    private final byte[] secret;

    WorkerAuthFilter(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + PATH_PREFIX);
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (Boolean.TRUE.equals(request.getAttribute(AUTHENTICATED))) {
            // An async or error dispatch of a request already let through.
            chain.doFilter(new WithoutAuthorization(request), response);
            return;
        }
        if (!matches(request.getHeader("Authorization"))) {
            HubErrorResponses.write(response, new HubException(HubErrorCode.UNAUTHORIZED,
                    "Worker calls need 'Authorization: Bearer <hub.inference.worker-secret>'")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"inference-workers\""));
            return;
        }
        request.setAttribute(AUTHENTICATED, Boolean.TRUE);
        chain.doFilter(new WithoutAuthorization(request), response);
    }

    private boolean matches(String authorization) {
        if (secret.length == 0 || authorization == null) {
            return false;
        }
        String value = authorization.strip();
        if (!value.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            return false;
        }
        byte[] given = value.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(secret, given);
    }
}
