package org.selfhub.hub.storage;

import java.nio.file.Path;
import java.util.Locale;
import org.selfhub.hub.system.StartupException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Provides the hub's one {@link ObjectStore}, chosen by {@code hub.storage.type}, and its health
 * indicator. A store that cannot be used stops the start with a {@link StartupException}: one line
 * saying what is wrong and which setting to look at.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
class StorageConfiguration {

    static final String DATA_DIR_PROPERTY = "hub.data-dir";
    static final String DEFAULT_DATA_DIR = "./data";

    @Bean
    ObjectStore objectStore(StorageProperties properties, Environment environment) {
        return switch (properties.type()) {
            case FILESYSTEM -> filesystemObjectStore(
                    Path.of(environment.getProperty(DATA_DIR_PROPERTY, DEFAULT_DATA_DIR)).resolve("objects"));
            case S3 -> s3ObjectStore(properties.s3());
        };
    }

    @Bean
    ObjectStoreHealthIndicator objectStoreHealthIndicator(ObjectStore objectStore) {
        return new ObjectStoreHealthIndicator(objectStore);
    }

    private static FilesystemObjectStore filesystemObjectStore(Path root) {
        try {
            return new FilesystemObjectStore(root);
        } catch (ObjectStoreException e) {
            throw new StartupException(e.getMessage() + "; set HUB_DATA_DIR to a writable directory", e);
        }
    }

    /** Checks the bucket (creating it when absent) now, so bad settings stop the start rather than the first upload. */
    private static S3ObjectStore s3ObjectStore(StorageProperties.S3 s3) {
        require(s3.endpoint(), "endpoint");
        require(s3.bucket(), "bucket");
        require(s3.accessKey(), "access-key");
        require(s3.secretKey(), "secret-key");
        require(s3.region(), "region");
        S3ObjectStore store = null;
        try {
            store = S3ObjectStore.create(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(), s3.bucket());
            store.ensureBucket();
            return store;
        } catch (ObjectStoreException e) {
            closeQuietly(store);
            throw new StartupException(e.getMessage() + hint(e.problem()), e);
        }
    }

    private static String hint(ObjectStoreException.Problem problem) {
        return switch (problem) {
            case CREDENTIALS_REJECTED -> "; check HUB_STORAGE_S3_ACCESS_KEY and HUB_STORAGE_S3_SECRET_KEY";
            case UNREACHABLE -> "; check HUB_STORAGE_S3_ENDPOINT";
            case OTHER -> "";
        };
    }

    private static void require(String value, String name) {
        if (!StringUtils.hasText(value)) {
            String variable = "HUB_STORAGE_S3_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
            throw new StartupException("hub.storage.s3." + name + " must be set when hub.storage.type is s3 ("
                    + variable + ")");
        }
    }

    private static void closeQuietly(S3ObjectStore store) {
        if (store == null) {
            return;
        }
        try {
            store.close();
        } catch (Exception e) {
            // the start-up failure is what matters
        }
    }
}
