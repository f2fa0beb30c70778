package org.selfhub.hub.system;

import org.springframework.core.Ordered;

/**
 * Where each servlet filter sits, front first. Every request pays for every filter it passes, so the
 * busiest routes are answered before the expensive ones:
 * <ol>
 *   <li>{@link #REQUEST_ID}: the {@code X-Request-Id} (with Boot's character encoding filter);</li>
 *   <li>{@link #FILES}: resolve and raw, answered here (files' {@code FileServingFilter});</li>
 *   <li>{@link #OBSERVATION}: {@code http.server.requests} for everything else;</li>
 *   <li>-110, -10 below Spring Security: the inference workers' and the Xet CAS's own credentials;</li>
 *   <li>-100: Spring Security (firewall, security headers, the caller);</li>
 *   <li>0: git smart HTTP and LFS (after the caller is known); then Spring MVC.</li>
 * </ol>
 */
public final class FilterOrder {

    public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE;
    public static final int FILES = Ordered.HIGHEST_PRECEDENCE + 1;
    public static final int OBSERVATION = Ordered.HIGHEST_PRECEDENCE + 2;

    private FilterOrder() {
    }
}
