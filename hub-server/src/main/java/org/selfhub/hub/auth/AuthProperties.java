package org.selfhub.hub.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.auth}: browser session lifetime and the failed-login limit (failures per user name and
 * per client address within the window). The defaults suit a hub; nothing here must be set.
 */
@ConfigurationProperties("hub.auth")
record AuthProperties(Duration sessionTtl, int maxLoginFailures, Duration loginFailureWindow) {

    AuthProperties {
        sessionTtl = sessionTtl == null ? Duration.ofDays(14) : sessionTtl;
        maxLoginFailures = maxLoginFailures <= 0 ? 10 : maxLoginFailures;
        loginFailureWindow = loginFailureWindow == null ? Duration.ofMinutes(5) : loginFailureWindow;
    }
}
