package org.selfhub.hub.metadata;

import java.util.List;
import java.util.Optional;
import org.selfhub.hub.git.CommitLanded;
import org.selfhub.hub.git.FileEntry;
import org.selfhub.hub.git.FileIndex;
import org.selfhub.hub.git.GitService;
import org.selfhub.hub.lfs.LfsObjectService;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.repo.RepoService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Extracts a repository's metadata when a commit lands on its default branch (API commits and
 * pushes both publish {@link CommitLanded}) and stores it in the {@code repository} row, where repo
 * info and the listing read it. Nothing here can fail the commit: bad content becomes a logged
 * problem in the extractor, and any other failure is logged and leaves the previous metadata.
 *
 * <p>It runs in the committing thread so that a client's next read sees the metadata of its own
 * commit (huggingface_hub uploads, then asks for model info); only headers are read, with ranged
 * reads, so this costs milliseconds. A commit made inside a transaction (the initial commit of a new
 * repository) is extracted once that transaction committed, so the row is visible and a failure
 * here cannot roll the transaction back.
 *
 * <p>The write is a compare-and-set on the default branch's head: it applies only while
 * {@code head_sha} is this commit, or still its parent (the bookkeeping listener of
 * {@code files} may not have run yet), so a slow extraction never overwrites a newer commit's.
 */
@Component
class CommitMetadataIndexer {

    private static final Logger log = LoggerFactory.getLogger(CommitMetadataIndexer.class);

    private final RepoService repos;
    private final FileIndex index;
    private final GitService git;
    private final LfsObjectService lfs;
    private final MetadataExtractor extractor;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    CommitMetadataIndexer(RepoService repos, FileIndex index, GitService git, LfsObjectService lfs,
                          MetadataExtractor extractor, JdbcClient jdbc, JsonMapper json) {
        this.repos = repos;
        this.index = index;
        this.git = git;
        this.lfs = lfs;
        this.extractor = extractor;
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventListener
    void on(CommitLanded landed) {
        if (landed.branch() == null) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    extractSafely(landed);
                }
            });
        } else {
            extractSafely(landed);
        }
    }

    private void extractSafely(CommitLanded landed) {
        try {
            extract(landed);
        } catch (RuntimeException e) {
            log.warn("Could not store the metadata of commit {} of repository {}", landed.newSha(),
                    landed.repositoryId(), e);
        }
    }

    /** Extracts and stores the metadata of a commit on the default branch; other branches are ignored. */
    void extract(CommitLanded landed) {
        Optional<Repo> found = repos.findById(landed.repositoryId());
        if (found.isEmpty() || !found.get().defaultBranch().equals(landed.branch())) {
            return;
        }
        Repo repo = found.get();
        List<FileEntry> entries = index.files(repo.id(), landed.newSha());
        String description = repo.type().value() + " " + repo.repoId() + "@" + landed.newSha();
        RepoMetadata metadata = extractor.extract(repo.type(),
                new CommitFiles(repo.id(), description, entries, git, lfs));
        long usedStorage = entries.stream().mapToLong(FileEntry::size).sum();
        int updated = jdbc.sql("""
                        UPDATE repository
                        SET card_data = CAST(:cardData AS jsonb), config = CAST(:config AS jsonb), tags = :tags,
                            pipeline_tag = :pipelineTag, library_name = :libraryName, license = :license,
                            safetensors = CAST(:safetensors AS jsonb), gguf = CAST(:gguf AS jsonb),
                            used_storage = :usedStorage
                        WHERE id = :id AND (head_sha = :sha OR head_sha IS NOT DISTINCT FROM CAST(:parent AS char(40)))""")
                .param("cardData", toJson(metadata.cardData()))
                .param("config", toJson(metadata.config()))
                .param("tags", metadata.tags().toArray(new String[0]))
                .param("pipelineTag", metadata.pipelineTag())
                .param("libraryName", metadata.libraryName())
                .param("license", metadata.license())
                .param("safetensors", metadata.safetensors() == null ? null : toJson(metadata.safetensors().toJson()))
                .param("gguf", metadata.gguf() == null ? null : toJson(metadata.gguf().toJson()))
                .param("usedStorage", usedStorage)
                .param("id", repo.id())
                .param("sha", landed.newSha())
                .param("parent", landed.oldSha())
                .update();
        if (updated == 0) {
            log.debug("Metadata of {} not stored: the default branch moved on", description);
        }
    }

    private String toJson(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }
}
