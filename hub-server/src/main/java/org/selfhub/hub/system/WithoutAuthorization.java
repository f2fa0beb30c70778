package org.selfhub.hub.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The request without its {@code Authorization} header: for filters that accepted credentials of
 * their own (the worker pool secret, a Xet CAS token), so that the hub's caller resolution further
 * down never reads them as a user token.
 */
public final class WithoutAuthorization extends HttpServletRequestWrapper {

    public WithoutAuthorization(HttpServletRequest request) {
        super(request);
    }

    @Override
    public String getHeader(String name) {
        return "Authorization".equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return "Authorization".equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                .filter(n -> !"Authorization".equalsIgnoreCase(n)).toList());
    }
}
