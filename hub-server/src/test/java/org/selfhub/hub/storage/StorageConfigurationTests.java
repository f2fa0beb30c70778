package org.selfhub.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.system.StartupException;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code hub.storage.*} picks the one {@link ObjectStore} bean; bad S3 settings stop the start in one line. */
class StorageConfigurationTests {

    private static S3ProxyServer s3;

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withUserConfiguration(StorageConfiguration.class);

    private Path dataDir;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void createDataDir() {
        dataDir = TestDirectories.create("storage-config-");
    }

    @AfterEach
    void deleteDataDir() {
        TestDirectories.deleteRecursively(dataDir);
    }

    @Test
    void usesTheFilesystemStoreUnderTheDataDirectoryByDefault() {
        contexts.withPropertyValues("hub.data-dir=" + dataDir).run(context -> {
            assertThat(context).hasSingleBean(ObjectStore.class);
            ObjectStore store = context.getBean(ObjectStore.class);
            assertThat(store).isInstanceOfSatisfying(FilesystemObjectStore.class,
                    fs -> assertThat(fs.root()).isEqualTo(dataDir.resolve("objects").toAbsolutePath()));

            store.put("lfs/aa/bb/x", new ByteArrayInputStream(new byte[]{1, 2, 3}), 3, null);
            assertThat(dataDir.resolve("objects/lfs/aa/bb/x")).hasBinaryContent(new byte[]{1, 2, 3});
        });
    }

    @Test
    void usesTheS3StoreAndCreatesItsBucketWhenConfigured() {
        contexts.withPropertyValues(properties(s3.hubStorageProperties("hub-config-test"))).run(context -> {
            ObjectStore store = context.getBean(ObjectStore.class);
            assertThat(store).isInstanceOf(S3ObjectStore.class);
            store.check();
            store.put("lfs/aa/bb/y", new ByteArrayInputStream(new byte[]{4, 5}), 2, null);
            assertThat(store.exists("lfs/aa/bb/y")).isTrue();
        });
    }

    @Test
    void acceptsTheTypeInUpperCaseAsAnEnvironmentVariableWouldGiveIt() {
        contexts.withPropertyValues(properties(s3.hubStorageProperties("hub-config-upper")))
                .withPropertyValues("hub.storage.type=S3")
                .run(context -> assertThat(context.getBean(ObjectStore.class)).isInstanceOf(S3ObjectStore.class));
    }

    @Test
    void stopsTheStartWithOneLineWhenS3RejectsTheCredentials() {
        contexts.withPropertyValues(properties(s3.hubStorageProperties("hub-config-bad")))
                .withPropertyValues("hub.storage.s3.secret-key=wrong")
                .run(context -> assertThat(startupFailure(context.getStartupFailure()))
                        .hasMessage("S3 store at " + s3.endpoint() + " rejected the credentials (SignatureDoesNotMatch);"
                                + " check HUB_STORAGE_S3_ACCESS_KEY and HUB_STORAGE_S3_SECRET_KEY"));
    }

    @Test
    void stopsTheStartWithOneLineWhenS3IsUnreachable() throws Exception {
        String endpoint = "http://127.0.0.1:" + unusedPort();
        contexts.withPropertyValues(properties(s3.hubStorageProperties("hub-config-unreachable")))
                .withPropertyValues("hub.storage.s3.endpoint=" + endpoint)
                .run(context -> assertThat(startupFailure(context.getStartupFailure()).getMessage())
                        .startsWith("S3 store at " + endpoint + " is unreachable (ConnectException")
                        .endsWith("); check HUB_STORAGE_S3_ENDPOINT")
                        .doesNotContain("\n"));
    }

    @Test
    void stopsTheStartWhenTheObjectsDirectoryCannotBeCreated() throws Exception {
        Path file = Files.writeString(dataDir.resolve("file"), "x");
        contexts.withPropertyValues("hub.data-dir=" + file)
                .run(context -> assertThat(startupFailure(context.getStartupFailure()).getMessage())
                        .startsWith("Filesystem store at " + file.resolve("objects") + " failed to create its directory (")
                        .endsWith("); set HUB_DATA_DIR to a writable directory"));
    }

    @Test
    void stopsTheStartWhenAnS3SettingIsMissing() {
        contexts.withPropertyValues("hub.storage.type=s3", "hub.storage.s3.endpoint=", "hub.storage.s3.bucket=hub")
                .run(context -> assertThat(startupFailure(context.getStartupFailure()))
                        .hasMessage("hub.storage.s3.endpoint must be set when hub.storage.type is s3"
                                + " (HUB_STORAGE_S3_ENDPOINT)"));
    }

    @Test
    void registersTheHealthIndicator() {
        contexts.withPropertyValues("hub.data-dir=" + dataDir).run(context -> {
            assertThat(context).hasSingleBean(ObjectStoreHealthIndicator.class);
            assertThat(context.getBean("objectStoreHealthIndicator", ObjectStoreHealthIndicator.class)
                    .health().getStatus()).isEqualTo(Status.UP);
        });
    }

    /** The one-line failure the start-up failure analyzer prints, found in the cause chain as it finds it. */
    private static StartupException startupFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StartupException startupException) {
                return startupException;
            }
        }
        throw new AssertionError("no StartupException in " + failure);
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String[] properties(Map<String, String> properties) {
        return properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
