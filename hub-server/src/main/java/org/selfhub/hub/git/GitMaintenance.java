package org.selfhub.hub.git;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.io.UncheckedIOException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps repositories packed, with reachability bitmaps, so clones and fetches count objects from
 * the bitmap instead of walking every commit (git-lfs.md §5). Server-side commits write loose
 * objects and a push keeps its pack as received; after each landed commit this schedules a check
 * on one background thread, never inline with the write (git-lfs.md §1.6: no auto-gc on receive).
 * Unreachable objects are pruned only after git's default two-week grace, so a concurrent write
 * never loses an object it has just written.
 */
@Component
class GitMaintenance implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GitMaintenance.class);
    /** Repack when this many loose objects have piled up. */
    static final int LOOSE_OBJECT_LIMIT = 100;
    /** Repack when there are this many packs, or any pack without a bitmap. */
    static final int PACK_LIMIT = 4;

    private final GitRepositories repositories;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "git-maintenance");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private final Set<UUID> scheduled = ConcurrentHashMap.newKeySet();

    GitMaintenance(GitRepositories repositories) {
        this.repositories = repositories;
    }

    @EventListener
    void onCommitLanded(CommitLanded event) {
        schedule(event.repositoryId());
    }

    /** Schedules a check of one repository unless one is already waiting; returns its future, or null. */
    Future<?> schedule(UUID repositoryId) {
        if (!scheduled.add(repositoryId)) {
            return null;
        }
        return executor.submit(() -> {
            scheduled.remove(repositoryId);
            try {
                maintain(repositoryId);
            } catch (RuntimeException e) {
                log.warn("Maintenance of repository {} failed: {}", repositoryId, e.toString());
            }
        });
    }

    /** Repacks the repository with bitmaps when it has too many loose objects or unbitmapped packs. */
    boolean maintain(UUID repositoryId) {
        Path objects = repositories.directory(repositoryId).resolve("objects");
        if (!Files.isDirectory(objects) || !needsRepack(objects)) {
            return false;
        }
        long started = System.nanoTime();
        try (Repository repo = repositories.open(repositoryId)) {
            // Repack only: a full gc would also pack the refs, racing with commits and pushes that move
            // them meanwhile (a reader could see a stale head and answer a spurious 412). Loose objects
            // that are now in a pack go; unreachable ones stay for a later, offline prune.
            GC gc = new GC((FileRepository) repo);
            gc.repack();
            gc.prunePacked();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.debug("Repacked repository {} in {} ms", repositoryId, (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    static boolean needsRepack(Path objects) {
        try {
            int packs = 0;
            int bitmaps = 0;
            Path packDir = objects.resolve("pack");
            if (Files.isDirectory(packDir)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(packDir)) {
                    for (Path f : files) {
                        String name = f.getFileName().toString();
                        if (name.endsWith(".pack")) {
                            packs++;
                        } else if (name.endsWith(".bitmap")) {
                            bitmaps++;
                        }
                    }
                }
            }
            if (packs >= PACK_LIMIT || packs > bitmaps) {
                return true;
            }
            int loose = 0;
            try (DirectoryStream<Path> fanout = Files.newDirectoryStream(objects, p -> p.getFileName().toString()
                    .matches("[0-9a-f]{2}"))) {
                for (Path dir : fanout) {
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                        for (Path ignored : entries) {
                            if (++loose >= LOOSE_OBJECT_LIMIT) {
                                return true;
                            }
                        }
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
