package org.selfhub.hub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfhub.hub.HubApplication;
import org.selfhub.hub.storage.S3ProxyServer;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Each start-up failure an operator can fix is reported as one clear line, without a stack trace. */
class StartupFailureIntegrationTests {

    @TempDir
    Path dataDir;

    private List<String> startAndCaptureErrors(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> new SpringApplicationBuilder(HubApplication.class).run(args))
                    .isInstanceOf(Exception.class);
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("hub failed")).toList();
    }

    @Test
    void portInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            List<String> lines = startAndCaptureErrors("--server.port=" + taken.getLocalPort(),
                    "--hub.data-dir=" + dataDir);
            assertThat(lines).containsExactly("hub failed to start: port " + taken.getLocalPort()
                    + " is already in use; stop the other process or set --server.port (0 picks a free port)");
        }
    }

    @Test
    void dataDirectoryNotWritable() throws Exception {
        Path notADirectory = Files.writeString(dataDir.resolve("file"), "x");
        List<String> lines = startAndCaptureErrors("--server.port=0", "--hub.data-dir=" + notADirectory.resolve("data"));
        assertThat(lines).containsExactly("hub failed to start: data directory " + notADirectory.resolve("data")
                + " is not writable (Not a directory); set HUB_DATA_DIR to a writable directory");
    }

    @Test
    void objectStoreRejectsTheCredentials() {
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            List<String> lines = startAndCaptureErrors("--server.port=0", "--hub.data-dir=" + dataDir,
                    "--hub.storage.type=s3", "--hub.storage.s3.endpoint=" + s3.endpoint(),
                    "--hub.storage.s3.bucket=hub", "--hub.storage.s3.access-key=" + s3.accessKey(),
                    "--hub.storage.s3.secret-key=wrong-secret");
            assertThat(lines).containsExactly("hub failed to start: S3 store at " + s3.endpoint()
                    + " rejected the credentials (SignatureDoesNotMatch); check HUB_STORAGE_S3_ACCESS_KEY and"
                    + " HUB_STORAGE_S3_SECRET_KEY");
        }
    }

    @Test
    void databaseUnreachable() {
        List<String> lines = startAndCaptureErrors("--server.port=0", "--hub.data-dir=" + dataDir,
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:9/hub",
                "--spring.datasource.username=hub", "--spring.datasource.password=hub");
        assertThat(lines).singleElement().asString()
                .startsWith("hub failed to start: database unreachable at jdbc:postgresql://127.0.0.1:9/hub: ");
    }
}
