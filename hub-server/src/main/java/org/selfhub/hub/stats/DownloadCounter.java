package org.selfhub.hub.stats;

import com.github.benmanes.caffeine.cache.Cache;
import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.selfhub.hub.files.FileServed;
import org.selfhub.hub.git.FileIndex;
import org.selfhub.hub.shared.Caches;
import org.selfhub.hub.shared.RepoType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts downloads as huggingface.co does (see the package description): only query files count,
 * and a client counts once per repository per UTC day. A failure here is logged and never fails the
 * download.
 *
 * <p>The steady state writes nothing: the (repository, client, day) triples already recorded by
 * this replica are remembered (at most {@value #MAX_SEEN}, each for a day), and a download whose
 * triple is known skips the database. A new triple is still written on the request, so the counts
 * are right as soon as the download answered (clients and the acceptance tests read them back at
 * once) and a crash loses nothing. Forgetting a triple (eviction, restart) or several replicas cost
 * at most a redundant insert: the database decides what counts ({@code ON CONFLICT DO NOTHING}).
 */
@Component
class DownloadCounter implements FileServed.Listener {

    static final int MAX_SEEN = 100_000;

    private static final Logger log = LoggerFactory.getLogger(DownloadCounter.class);

    /** huggingface.co's default query files for models. */
    static final List<String> MODEL_QUERY_FILES = List.of("config.json", "config.yaml", "hyperparams.yaml", "meta.yaml");

    /** Weight files, which count for a model that has no query file. */
    private static final List<String> WEIGHT_SUFFIXES = List.of(".safetensors", ".bin", ".pt", ".pth", ".ckpt",
            ".gguf", ".onnx", ".h5", ".keras", ".msgpack", ".nemo", ".pkl", ".joblib", ".tflite", ".mlmodel", ".ot");

    private final JdbcClient jdbc;
    private final FileIndex index;
    private final CounterWindows windows;
    private final Cache<Download, Boolean> seen = Caches.newBuilder()
            .maximumSize(MAX_SEEN).expireAfterWrite(Duration.ofHours(25)).build();

    /** One client's download of a repository on a UTC day. */
    private record Download(UUID repositoryId, String client, LocalDate day) {
    }

    DownloadCounter(JdbcClient jdbc, FileIndex index, CounterWindows windows) {
        this.jdbc = jdbc;
        this.index = index;
        this.windows = windows;
    }

    @Override
    public void on(FileServed served) {
        try {
            if (counts(served)) {
                String client = served.accountId() != null ? "user:" + served.accountId()
                        : "addr:" + served.clientAddress();
                Download download = new Download(served.repositoryId(), truncate(client), windows.today());
                if (seen.getIfPresent(download) == null) {
                    record(download.repositoryId(), download.client(), download.day());
                    // Only once the row is in: a failed insert is tried again on the next download.
                    seen.put(download, Boolean.TRUE);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not count a download of {} in repository {}", served.path(), served.repositoryId(), e);
        }
    }

    /** Whether serving this file is a download of the repository. */
    boolean counts(FileServed served) {
        if (served.type() == RepoType.DATASET) {
            return true;
        }
        if (served.type() != RepoType.MODEL) {
            return false;
        }
        if (MODEL_QUERY_FILES.contains(served.path())) {
            return true;
        }
        String lower = served.path().toLowerCase(Locale.ROOT);
        return WEIGHT_SUFFIXES.stream().anyMatch(lower::endsWith)
                && MODEL_QUERY_FILES.stream().noneMatch(query ->
                        index.find(served.repositoryId(), served.commitSha(), query).isPresent());
    }

    /**
     * Records that the client downloaded the repository on that day; only its first download of the
     * day counts. Returns whether it counted.
     */
    boolean record(UUID repositoryId, String client, LocalDate day) {
        int inserted = jdbc.sql("""
                        INSERT INTO repository_download (repository_id, day, client) VALUES (:repo, :day, :client)
                        ON CONFLICT DO NOTHING""")
                .param("repo", repositoryId).param("day", Date.valueOf(day)).param("client", truncate(client))
                .update();
        if (inserted == 0) {
            return false;
        }
        jdbc.sql("UPDATE repository SET downloads_all_time = downloads_all_time + 1 WHERE id = :repo")
                .param("repo", repositoryId)
                .update();
        windows.refresh(repositoryId, windows.today());
        return true;
    }

    private static String truncate(String client) {
        return client.length() <= 100 ? client : client.substring(0, 100);
    }
}
