package org.selfhub.hub.repo;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.selfhub.hub.auth.AccessPolicy;
import org.selfhub.hub.auth.AuthService;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.auth.NameRules;
import org.selfhub.hub.auth.Namespace;
import org.selfhub.hub.repo.spi.RepoStorage;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoRef;
import org.selfhub.hub.shared.RepoType;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The repositories' facade: lookups that apply the access policy, creation, deletion, moves and
 * settings. Other features (files, git, LFS, search, inference) find repositories only through it.
 */
@Service
public class RepoService {

    static final String DEFAULT_BRANCH = "main";

    private static final String COLUMNS =
            "id, type, namespace, name, private, gated, default_branch, created_at, last_modified";

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuthService auth;
    private final RepoStorage storage;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final RepoLookupCache cache = new RepoLookupCache();

    RepoService(JdbcClient jdbc, AccessPolicy policy, AuthService auth, RepoStorage storage,
                ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.auth = auth;
        this.storage = storage;
        this.events = events;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- lookups

    /** The repository with this name (without regard to case), whoever may see it. */
    public Optional<Repo> find(RepoRef ref) {
        if (!plausible(ref)) {
            return Optional.empty();
        }
        return Optional.ofNullable(cache.get(ref, () -> jdbc.sql("SELECT " + COLUMNS + " FROM repository"
                        + " WHERE type = :type AND lower(namespace) = lower(:ns) AND lower(name) = lower(:name)")
                .param("type", ref.type().value()).param("ns", ref.namespace()).param("name", ref.name())
                .query(RepoService::repo).optional().orElse(null)));
    }

    public Optional<Repo> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM repository WHERE id = :id")
                .param("id", id).query(RepoService::repo).optional();
    }

    /**
     * The repository the caller may read. Throws the not-found answer when it is missing or hidden
     * from the caller, and a 307 (HubException with a Location header) when it was moved.
     */
    public Repo requireReadable(Caller caller, RepoRef ref) {
        Optional<Repo> repo = find(ref);
        if (caller.isScoped()) {
            // A scoped read token (hfw_) reads its one repository, private or not, and nothing else.
            if (repo.isEmpty() || !repo.get().id().equals(caller.scope().repositoryId())) {
                throw AccessPolicy.repoNotFound(caller, ref);
            }
            return repo.get();
        }
        if (repo.isEmpty()) {
            throw movedOrMissing(caller, ref);
        }
        policy.requireRead(caller, repo.get().ref(), repo.get().isPrivate());
        return repo.get();
    }

    /** Like {@link #requireReadable}, and the caller may write to it (401/403 otherwise). */
    public Repo requireWritable(Caller caller, RepoRef ref) {
        Repo repo = requireReadable(caller, ref);
        policy.requireWrite(caller, repo.ref(), repo.isPrivate());
        return repo;
    }

    /** {@link #stats} without the card, config and metadata documents: one narrow row per inference call. */
    public RepoHead head(UUID id) {
        return jdbc.sql("SELECT head_sha, pipeline_tag, library_name FROM repository WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new RepoHead(rs.getString("head_sha"), rs.getString("pipeline_tag"),
                        rs.getString("library_name")))
                .single();
    }

    /** Counters and extracted metadata for repo info. */
    public RepoStats stats(UUID id) {
        return jdbc.sql("""
                        SELECT head_sha, downloads, downloads_all_time, likes, trending_score, tags, pipeline_tag,
                               library_name, CAST(card_data AS text) AS card_data, CAST(config AS text) AS config,
                               CAST(safetensors AS text) AS safetensors, CAST(gguf AS text) AS gguf, used_storage, sdk
                        FROM repository WHERE id = :id""")
                .param("id", id)
                .query((rs, n) -> new RepoStats(rs.getString("head_sha"), rs.getLong("downloads"),
                        rs.getLong("downloads_all_time"), rs.getLong("likes"), rs.getDouble("trending_score"),
                        List.of((String[]) rs.getArray("tags").getArray()), rs.getString("pipeline_tag"),
                        rs.getString("library_name"), rs.getString("card_data"), rs.getString("config"),
                        rs.getString("safetensors"), rs.getString("gguf"), rs.getLong("used_storage"),
                        rs.getString("sdk")))
                .single();
    }

    // ---------------------------------------------------------------- changes

    /**
     * Creates a repository with its first commit. 401 for anonymous callers, 403 without write
     * rights in the namespace, 404 for an unknown namespace, 409 when the name is taken.
     */
    @Transactional
    public Repo create(Caller caller, NewRepo request) {
        policy.requireAuthenticated(caller);
        String namespaceName = request.namespace() == null || request.namespace().isEmpty()
                ? caller.name() : request.namespace();
        NameRules.requireValidName(request.name());
        Namespace namespace = auth.findNamespace(namespaceName)
                .orElseThrow(() -> HubException.notFound("Namespace " + namespaceName + " does not exist"));
        requireCanWriteIn(caller, namespace.name());
        if (request.type() == RepoType.SPACE && request.sdk() == null) {
            throw HubException.badRequest("Spaces need an sdk: gradio, streamlit, docker or static");
        }
        RepoRef ref = new RepoRef(request.type(), namespace.name(), request.name());
        if (find(ref).isPresent()) {
            throw alreadyExists(ref);
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        try {
            jdbc.sql("""
                            INSERT INTO repository (id, type, namespace_id, namespace, name, private, default_branch,
                                                    created_at, last_modified, sdk)
                            VALUES (:id, :type, :nsId, :ns, :name, :private, :branch, :now, :now, :sdk)""")
                    .param("id", id).param("type", request.type().value()).param("nsId", namespace.id())
                    .param("ns", namespace.name()).param("name", request.name())
                    .param("private", request.isPrivate()).param("branch", DEFAULT_BRANCH)
                    .param("now", Timestamp.from(now)).param("sdk", request.sdk())
                    .update();
        } catch (DuplicateKeyException e) {
            throw alreadyExists(ref);
        }
        // A new name no longer redirects to the repository that once had it.
        jdbc.sql("DELETE FROM repository_redirect WHERE type = :type AND lower(namespace) = lower(:ns)"
                        + " AND lower(name) = lower(:name)")
                .param("type", ref.type().value()).param("ns", ref.namespace()).param("name", ref.name()).update();
        storage.initialize(id, request.type(), DEFAULT_BRANCH, caller.name());
        Repo repo = findById(id).orElseThrow();
        cache.invalidate(id);
        events.publishEvent(new RepoCreated(repo));
        return repo;
    }

    /** Deletes a repository; its git data goes once the transaction committed. */
    @Transactional
    public void delete(Caller caller, RepoRef ref) {
        Repo repo = find(ref).orElseThrow(() -> AccessPolicy.repoNotFound(caller, ref));
        policy.requireWrite(caller, repo.ref(), repo.isPrivate());
        jdbc.sql("DELETE FROM repository WHERE id = :id").param("id", repo.id()).update();
        cache.invalidate(repo.id());
        events.publishEvent(new RepoDeleted(repo.id(), repo.ref()));
        afterCommit(() -> storage.destroy(repo.id()));
    }

    /** Renames a repository (same type); the old name answers 307 from then on. */
    @Transactional
    public Repo move(Caller caller, RepoRef from, RepoRef to) {
        Repo repo = find(from).orElseThrow(() -> AccessPolicy.repoNotFound(caller, from));
        policy.requireWrite(caller, repo.ref(), repo.isPrivate());
        NameRules.requireValidName(to.name());
        Namespace namespace = auth.findNamespace(to.namespace())
                .orElseThrow(() -> HubException.notFound("Namespace " + to.namespace() + " does not exist"));
        requireCanWriteIn(caller, namespace.name());
        RepoRef target = new RepoRef(repo.type(), namespace.name(), to.name());
        Optional<Repo> existing = find(target);
        if (existing.isPresent() && !existing.get().id().equals(repo.id())) {
            throw new HubException(HubErrorCode.CONFLICT, "A " + repo.type().value() + " repository named "
                    + target.id() + " already exists");
        }
        jdbc.sql("""
                        UPDATE repository SET namespace_id = :nsId, namespace = :ns, name = :name, last_modified = :now
                        WHERE id = :id""")
                .param("nsId", namespace.id()).param("ns", namespace.name()).param("name", target.name())
                .param("now", Timestamp.from(clock.instant())).param("id", repo.id())
                .update();
        jdbc.sql("DELETE FROM repository_redirect WHERE type = :type AND lower(namespace) = lower(:ns)"
                        + " AND lower(name) = lower(:name)")
                .param("type", target.type().value()).param("ns", target.namespace()).param("name", target.name())
                .update();
        if (!repo.ref().id().equalsIgnoreCase(target.id())) {
            jdbc.sql("""
                            INSERT INTO repository_redirect (type, namespace, name, repository_id)
                            VALUES (:type, :ns, :name, :id)
                            ON CONFLICT (type, lower(namespace), lower(name)) DO UPDATE SET repository_id = :id""")
                    .param("type", repo.type().value()).param("ns", repo.namespace()).param("name", repo.name())
                    .param("id", repo.id())
                    .update();
        }
        Repo moved = findById(repo.id()).orElseThrow();
        cache.invalidate(repo.id());
        events.publishEvent(new RepoMoved(moved, repo.ref()));
        return moved;
    }

    /**
     * Changes visibility and gating (hub-api-contract.md §7.4). {@code isPrivate} null and
     * {@code gated} null leave them as they are; {@code gated} is {@code false}, {@code auto} or {@code manual}.
     */
    @Transactional
    public Repo updateSettings(Caller caller, RepoRef ref, Boolean isPrivate, String gated) {
        Repo repo = requireWritable(caller, ref);
        if (gated != null && !List.of("false", "auto", "manual").contains(gated)) {
            throw HubException.badRequest("Invalid gated value '" + gated + "': expected false, auto or manual");
        }
        jdbc.sql("""
                        UPDATE repository SET private = COALESCE(:private, private), gated = COALESCE(:gated, gated)
                        WHERE id = :id""")
                .param("private", isPrivate).param("gated", gated).param("id", repo.id())
                .update();
        cache.invalidate(repo.id());
        Repo changed = findById(repo.id()).orElseThrow();
        events.publishEvent(new RepoSettingsChanged(changed));
        return changed;
    }

    /** Bookkeeping when a commit landed: last modified, and the head of the default branch. */
    @Transactional
    public void recordCommit(UUID id, String branch, String sha, Instant at) {
        jdbc.sql("""
                        UPDATE repository SET last_modified = GREATEST(last_modified, :at),
                               head_sha = CASE WHEN default_branch = :branch THEN :sha ELSE head_sha END
                        WHERE id = :id""")
                .param("at", Timestamp.from(at)).param("branch", branch == null ? "" : branch).param("sha", sha)
                .param("id", id)
                .update();
        cache.invalidate(id);
    }

    // ---------------------------------------------------------------- helpers

    /** The 409 of §7.1; the web layer adds the {@code url} field the Python client reads. */
    static HubException alreadyExists(RepoRef ref) {
        return new HubException(HubErrorCode.CONFLICT, "You already created this " + ref.type().value() + " repo");
    }

    private void requireCanWriteIn(Caller caller, String namespace) {
        if (!policy.hasWriteRole(caller, namespace)) {
            throw HubException.forbidden("You don't have the rights to create or move repositories in " + namespace);
        }
        policy.requireWriteToken(caller);
    }

    private HubException movedOrMissing(Caller caller, RepoRef ref) {
        if (!plausible(ref)) {
            return AccessPolicy.repoNotFound(caller, ref);
        }
        Optional<Repo> target = jdbc.sql("SELECT r." + COLUMNS.replace(", ", ", r.") + " FROM repository_redirect d"
                        + " JOIN repository r ON r.id = d.repository_id WHERE d.type = :type"
                        + " AND lower(d.namespace) = lower(:ns) AND lower(d.name) = lower(:name)")
                .param("type", ref.type().value()).param("ns", ref.namespace()).param("name", ref.name())
                .query(RepoService::repo).optional();
        if (target.isEmpty() || !policy.canRead(caller, target.get().namespace(), target.get().isPrivate())) {
            return AccessPolicy.repoNotFound(caller, ref);
        }
        String location = relocate(currentRequest(), ref, target.get().ref());
        if (location == null) {
            return AccessPolicy.repoNotFound(caller, ref);
        }
        return new HubException(HubErrorCode.REPO_MOVED, "Repository moved to " + target.get().repoId())
                .withHeader("Location", location);
    }

    /**
     * The request's own path and query with the old {@code namespace/name} segments replaced by the
     * new ones: a relative Location that Python's HEAD follows by path (hub-api-contract.md §2.2).
     */
    static String relocate(HttpServletRequest request, RepoRef from, RepoRef to) {
        if (request == null) {
            return null;
        }
        String[] segments = request.getRequestURI().split("/", -1);
        for (int i = 1; i + 1 < segments.length; i++) {
            if (decode(segments[i]).equalsIgnoreCase(from.namespace())
                    && decode(segments[i + 1]).equalsIgnoreCase(from.name())) {
                segments[i] = to.namespace();
                segments[i + 1] = to.name();
                String query = request.getQueryString();
                return String.join("/", segments) + (query == null ? "" : "?" + query);
            }
        }
        return null;
    }

    private static String decode(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }

    private static boolean plausible(RepoRef ref) {
        return ref.namespace() != null && ref.name() != null && !ref.namespace().isEmpty() && !ref.name().isEmpty()
                && ref.namespace().length() <= NameRules.MAX_LENGTH && ref.name().length() <= NameRules.MAX_LENGTH;
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    static Repo repo(ResultSet rs, int row) throws SQLException {
        return new Repo(rs.getObject("id", UUID.class), RepoType.fromValue(rs.getString("type")),
                rs.getString("namespace"), rs.getString("name"), rs.getBoolean("private"), rs.getString("gated"),
                rs.getString("default_branch"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("last_modified").toInstant());
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
