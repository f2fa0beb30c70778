package org.selfhub.hub.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.bootstrap}: the first administrator, created only when the hub has no user yet.
 * Either value may be left empty; the hub then generates it and prints it once in the log.
 */
@ConfigurationProperties("hub.bootstrap")
record BootstrapProperties(String adminPassword, String adminToken) {

    BootstrapProperties {
        adminPassword = adminPassword == null || adminPassword.isBlank() ? null : adminPassword;
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken.strip();
    }

    @Override
    public String toString() {
        return "BootstrapProperties[adminPassword=" + (adminPassword == null ? "unset" : "***")
                + ", adminToken=" + (adminToken == null ? "unset" : "***") + "]";
    }
}
