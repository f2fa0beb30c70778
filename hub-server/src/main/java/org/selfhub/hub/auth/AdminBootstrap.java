package org.selfhub.hub.auth;

import java.security.SecureRandom;
import org.selfhub.hub.system.StartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On a hub without any user, creates the administrator {@code admin} with the configured password
 * and access token ({@code hub.bootstrap.*}, env {@code HUB_BOOTSTRAP_ADMIN_PASSWORD} and
 * {@code HUB_BOOTSTRAP_ADMIN_TOKEN}). What is not configured is generated and printed once, in
 * this start's log; later starts find a user and do nothing. Replicas starting together serialise
 * on an advisory lock, so only one creates the admin.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    static final String ADMIN_NAME = "admin";
    private static final long LOCK_ID = 0x6875622d61646dL;
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final BootstrapProperties properties;
    private final AccountRepository accounts;
    private final AccountService service;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    AdminBootstrap(BootstrapProperties properties, AccountRepository accounts, AccountService service, JdbcClient jdbc,
                   TransactionTemplate transactions) {
        String token = properties.adminToken();
        if (token != null && !AccessTokens.looksLikeToken(token)) {
            throw new StartupException("HUB_BOOTSTRAP_ADMIN_TOKEN (hub.bootstrap.admin-token) must be 'hf_' followed"
                    + " by at least 20 letters or digits, as the Hugging Face clients require; leave it unset to"
                    + " have one generated");
        }
        if (properties.adminPassword() != null) {
            try {
                Passwords.requireAcceptable(properties.adminPassword());
            } catch (RuntimeException e) {
                throw new StartupException("HUB_BOOTSTRAP_ADMIN_PASSWORD (hub.bootstrap.admin-password) is not"
                        + " acceptable: " + e.getMessage());
            }
        }
        this.properties = properties;
        this.accounts = accounts;
        this.service = service;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(:id)").param("id", LOCK_ID).query(Object.class).list();
            if (accounts.anyUser()) {
                return;
            }
            SecureRandom random = new SecureRandom();
            String password = properties.adminPassword() != null ? properties.adminPassword()
                    : AccessTokens.generate(random).substring(AccessTokens.PREFIX.length(), 23);
            String token = properties.adminToken() != null ? properties.adminToken() : AccessTokens.generate(random);
            long id = service.createBootstrapAdmin(ADMIN_NAME, password);
            service.storeToken(id, ADMIN_NAME, "bootstrap", "write", token);
            if (properties.adminPassword() == null || properties.adminToken() == null) {
                // The one place a secret reaches the log, on purpose: nobody could sign in otherwise.
                log.warn("Created the administrator '{}'. Generated {}{}. They are shown only now: store them,"
                                + " or set HUB_BOOTSTRAP_ADMIN_PASSWORD and HUB_BOOTSTRAP_ADMIN_TOKEN before the first"
                                + " start.", ADMIN_NAME,
                        properties.adminPassword() == null ? "password: " + password : "",
                        properties.adminToken() == null
                                ? (properties.adminPassword() == null ? ", " : "") + "access token: " + token : "");
            } else {
                log.info("Created the administrator '{}' with the configured password and access token", ADMIN_NAME);
            }
        });
    }
}
