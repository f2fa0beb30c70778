package org.selfhub.hub.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, before anything writes there (database, object store, git), that the data directory exists or can be made, and is writable. */
public final class DataDirectory {

    private DataDirectory() {
    }

    public static Path prepare(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                    ? f.getReason() : e.getClass().getSimpleName();
            throw new StartupException("data directory " + dir + " is not writable (" + reason
                    + "); set HUB_DATA_DIR to a writable directory");
        }
        return dir;
    }
}
