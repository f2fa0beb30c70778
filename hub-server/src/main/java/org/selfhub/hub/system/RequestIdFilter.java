package org.selfhub.hub.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every response an {@code X-Request-Id}: the client's {@code X-Request-Id} or Python's
 * {@code X-Amzn-Trace-Id} when sent (hub-api-contract.md §1.5), else a fresh one. It is in the log
 * context as {@code requestId}, and both HF clients print it in their errors.
 */
@Component
@Order(FilterOrder.REQUEST_ID)
class RequestIdFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = RequestIdFilter.class.getName();
    private static final String FILTERED = ATTRIBUTE + ".FILTERED";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = sanitize(request.getHeader(HEADER));
        if (id == null) {
            id = sanitize(request.getHeader("X-Amzn-Trace-Id"));
        }
        if (id == null) {
            id = randomId().toString();
        }
        request.setAttribute(ATTRIBUTE, id);
        ResponseHeaders.set(response, HEADER, id);
        MDC.put("requestId", id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("requestId");
        }
    }

    /** A constant: the default builds it from the filter's name on every request. */
    @Override
    protected String getAlreadyFilteredAttributeName() {
        return FILTERED;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    /**
     * A version 4 UUID from a thread-local generator: a request id needs to be unique, not
     * unguessable, and {@link UUID#randomUUID()} takes a lock on a shared secure generator.
     */
    static UUID randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    private static String sanitize(String value) {
        if (value == null || value.isBlank() || value.length() > 200) {
            return null;
        }
        return value.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? value : null;
    }
}
