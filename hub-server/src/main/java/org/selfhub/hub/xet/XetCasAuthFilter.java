package org.selfhub.hub.xet;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.system.HubErrorResponses;
import org.selfhub.hub.system.WithoutAuthorization;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates CAS requests by the access tokens {@link XetTokens} issued, before the hub's own
 * authentication runs: a valid token becomes a request attribute and its {@code Authorization}
 * header is hidden from the rest of the chain, which would take it for a (bad) hub token. A token
 * that is wrong or expired answers 401, which hf_xet does not retry (xet.md §1.1 and §2).
 */
final class XetCasAuthFilter extends OncePerRequestFilter {

    static final String TOKEN_ATTRIBUTE = XetToken.class.getName();

    private final XetTokens tokens;
    private final XetProperties properties;

    XetCasAuthFilter(XetTokens tokens, XetProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !properties.enabled() || !request.getRequestURI().startsWith(properties.casPath() + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            chain.doFilter(request, response);
            return;
        }
        String value = authorization.strip();
        Optional<XetToken> token = value.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.verify(value.substring(7).strip()) : Optional.empty();
        if (token.isEmpty()) {
            HubErrorResponses.write(response, new HubException(HubErrorCode.UNAUTHORIZED,
                    "Invalid or expired Xet access token; ask the hub for a new one"));
            return;
        }
        request.setAttribute(TOKEN_ATTRIBUTE, token.get());
        chain.doFilter(new WithoutAuthorization(request), response);
    }
}
