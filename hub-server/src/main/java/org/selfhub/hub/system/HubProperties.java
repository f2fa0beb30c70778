package org.selfhub.hub.system;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Process-wide settings under {@code hub}: the data directory that holds everything the embedded
 * defaults write, and the public base URL for absolute links (empty: the request's own host).
 */
@ConfigurationProperties("hub")
public record HubProperties(Path dataDir, String publicUrl) {

    public HubProperties {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        publicUrl = publicUrl == null ? "" : publicUrl.strip();
    }
}
