package org.selfhub.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfhub.hub.HubApplication;
import org.selfhub.hub.storage.ObjectStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The hub stopped and started again on the same data directory keeps its rows and its files. */
class RestartIntegrationTests {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(HubApplication.class)
                .run("--server.port=0", "--hub.data-dir=" + dataDir);
    }

    @Test
    void keepsRowsAndFilesAcrossARestart() throws Exception {
        byte[] content = "weights that must survive a restart".getBytes(StandardCharsets.UTF_8);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        String key = "lfs/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;

        try (ConfigurableApplicationContext first = start()) {
            first.getBean(JdbcClient.class)
                    .sql("INSERT INTO audit_log (actor, action, target) VALUES ('test', 'restart.check', 'before')")
                    .update();
            first.getBean(ObjectStore.class).put(key, new ByteArrayInputStream(content), content.length, sha256);
        }
        assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();

        try (ConfigurableApplicationContext second = start()) {
            assertThat(second.getBean(JdbcClient.class)
                    .sql("SELECT target FROM audit_log WHERE action = 'restart.check'")
                    .query(String.class).list()).containsExactly("before");
            try (InputStream in = second.getBean(ObjectStore.class).get(key)) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
        }
        assertThat(Files.isDirectory(dataDir.resolve("objects"))).isTrue();
    }
}
