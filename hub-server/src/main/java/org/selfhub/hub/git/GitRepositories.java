package org.selfhub.hub.git;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.system.HubProperties;
import org.springframework.stereotype.Component;

/**
 * The bare repositories on disk, one per hub repository at
 * {@code ${hub.data-dir}/repos/<first 2 hex of id>/<id>.git}: keyed by the immutable id, so names
 * never reach the filesystem and moves touch nothing here (git-lfs.md §4). Opened through JGit's
 * ref-counted {@link RepositoryCache}; every {@link #open} must be closed.
 */
@Component
class GitRepositories {

    private final Path root;

    GitRepositories(HubProperties properties) {
        this.root = properties.dataDir().toAbsolutePath().normalize().resolve("repos");
    }

    Path directory(UUID id) {
        String name = id.toString();
        return root.resolve(name.substring(0, 2)).resolve(name + ".git");
    }

    /** Opens an existing repository; a missing one is an internal error (the database says it exists). */
    Repository open(UUID id) {
        File dir = directory(id).toFile();
        try {
            return RepositoryCache.open(RepositoryCache.FileKey.exact(dir, FS.DETECTED), true);
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            throw new HubException(HubErrorCode.INTERNAL, "The git repository of " + id + " is missing");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the bare repository with HEAD on {@code refs/heads/<defaultBranch>} and no automatic gc. */
    void create(UUID id, String defaultBranch) {
        File dir = directory(id).toFile();
        try {
            Files.createDirectories(dir.toPath().getParent());
            try (Repository repo = FileRepositoryBuilder.create(dir)) {
                repo.create(true);
                StoredConfig config = repo.getConfig();
                // Maintenance is scheduled by the hub, never run inline after a write (git-lfs.md §1.6).
                config.setBoolean("receive", null, "autogc", false);
                config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, "auto", 0);
                config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "logallrefupdates", true);
                config.save();
                // A fresh repository's HEAD is an unborn master; HF repositories use main (git-lfs.md §1.6).
                RefUpdate head = repo.updateRef(Constants.HEAD);
                head.disableRefLog();
                head.link(Constants.R_HEADS + defaultBranch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(UUID id) {
        Path dir = directory(id);
        RepositoryCache.unregister(RepositoryCache.FileKey.exact(dir.toFile(), FS.DETECTED));
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
