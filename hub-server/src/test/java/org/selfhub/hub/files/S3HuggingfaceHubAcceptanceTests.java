package org.selfhub.hub.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.selfhub.hub.storage.S3ProxyServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same acceptance scenarios on the S3 store (S3Proxy in this JVM, its own data directory and
 * Spring context): LFS uploads go to presigned S3 URLs; downloads stream or redirect per §13.2.
 */
class S3HuggingfaceHubAcceptanceTests extends HuggingfaceHubAcceptanceTests {

    private static final Path DATA_DIR = dataDir("it-files-s3-");
    /** Lives as long as the JVM: Spring caches the context, and its S3 client, until then. */
    private static final S3ProxyServer S3 = S3ProxyServer.start();

    @DynamicPropertySource
    static void s3Store(DynamicPropertyRegistry registry) {
        registry.add("hub.data-dir", DATA_DIR::toString);
        S3.hubStorageProperties("files-acceptance").forEach((name, value) -> registry.add(name, () -> value));
    }

    private static Path dataDir(String prefix) {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
