package org.selfhub.hub.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Starts a real PostgreSQL from the zonky embedded binaries, with its data under
 * {@code $HUB_DATA_DIR/postgres}, when no {@code spring.datasource.url} is configured. Boot's
 * DataSource and Flyway then use it through {@link JdbcConnectionDetails}; the server starts lazily,
 * when Hikari first needs it, and stops with the context. See build-notes.md §Q2.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoExternalDatabase.class)
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(HubProperties properties) {
        Path dataDir = DataDirectory.prepare(properties.dataDir());
        Path pgData = dataDir.resolve("postgres");
        Path binaries = dataDir.resolve("postgres-binaries");
        try {
            Files.createDirectories(binaries);
            stopOrphanedPostmaster(pgData);
            long started = System.nanoTime();
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("unix_socket_directories", pgData.toString())
                    .setServerConfig("max_connections", "200")
                    // Spring stops it (destroyMethod), after everything that uses the database: zonky's
                    // own JVM hook would stop it while the context still drains workers and requests.
                    .setRegisterShutdownHook(false)
                    .start();
            log.info("Embedded PostgreSQL on port {} with data in {} ({} ms)", pg.getPort(), pgData,
                    (System.nanoTime() - started) / 1_000_000);
            return pg;
        } catch (IOException | RuntimeException e) {
            throw new StartupException("embedded PostgreSQL could not start in " + pgData + ": " + rootMessage(e), e);
        }
    }

    @Bean
    JdbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgres pg) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "postgres";
            }

            @Override
            public String getPassword() {
                return "postgres";
            }

            @Override
            public String getJdbcUrl() {
                return "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            }
        };
    }

    /**
     * A hard-killed hub leaves its postmaster running, and the next start would wait out the whole
     * start-up timeout on the lock file. Stop such an orphan first (build-notes.md §Q2, pitfall 1).
     */
    private static void stopOrphanedPostmaster(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.isReadable(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
        if (!first.matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(first))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .ifPresent(p -> {
                    log.warn("Stopping orphaned postmaster pid {}", p.pid());
                    p.destroy();
                    p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
                });
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static final class NoExternalDatabase implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
