package org.selfhub.hub.lfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.storage.S3ProxyServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The LFS cases on the S3 store (S3Proxy in this JVM): uploads go to presigned PUTs and S3 multipart
 * parts on staging keys, downloads to presigned GETs.
 */
class S3LfsIntegrationTests extends LfsTransferIntegrationTests {

    private static final Path DATA_DIR = ownDataDir("it-lfs-s3-");
    /** Lives as long as the JVM: Spring caches the context, and its S3 client, until then. */
    private static final S3ProxyServer S3 = S3ProxyServer.start();

    @DynamicPropertySource
    static void ownContext(DynamicPropertyRegistry registry) {
        registry.add("hub.data-dir", DATA_DIR::toString);
        S3.hubStorageProperties("lfs-tests").forEach((name, value) -> registry.add(name, () -> value));
    }

    @Override
    boolean hubReceivesBytes() {
        return false;
    }

    @Test
    void usesItsOwnDataDirectory() {
        assertThat(jdbc.sql("SHOW data_directory").query(String.class).single())
                .isEqualTo(DATA_DIR.resolve("postgres").toString());
    }
}
