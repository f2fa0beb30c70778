package org.selfhub.hub.lfs;

import com.github.benmanes.caffeine.cache.Cache;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.selfhub.hub.auth.AccessPolicy;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.repo.RepoDeleted;
import org.selfhub.hub.shared.Caches;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.storage.ObjectNotFoundException;
import org.selfhub.hub.storage.ObjectStore;
import org.selfhub.hub.storage.StoredObject;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The LFS object index: which verified objects exist and which repositories reference them.
 * The link is what authorizes a download and what garbage collection walks.
 *
 * <p>Objects live once, content-addressed, under {@code lfs/ab/cd/<sha256>} in the object store, and
 * get their {@code lfs_object} row only after their size and sha256 were verified (architecture.md,
 * "Storage model"). A repository is linked to an object only when its uploader proved possession of
 * the bytes for that repository: by uploading them through a batch answer for it, or by being able to
 * read another repository that links them (git-lfs.md §2.2, "Dedup across repos is an authorization
 * question"). Knowing an oid is never enough to reach its bytes.
 */
@Service
public class LfsObjectService {

    private static final Pattern OID = Pattern.compile("[0-9a-f]{64}");

    private final ObjectStore store;
    private final JdbcClient jdbc;
    private final AccessPolicy accessPolicy;
    /**
     * {@link #isLinked} answers, which resolve asks on every request for LFS content: at most
     * {@value #MAX_CACHED_LINKS}, each kept {@link #LINK_TTL}. Links are only added (a link made here
     * replaces the answer at once; other replicas see it within the TTL) and only go with their
     * repository, whose answers are dropped when it is deleted.
     */
    private final Cache<Link, Boolean> links =
            Caches.newBuilder().maximumSize(MAX_CACHED_LINKS).expireAfterWrite(LINK_TTL).build();

    static final Duration LINK_TTL = Duration.ofSeconds(5);
    static final int MAX_CACHED_LINKS = 50_000;

    private record Link(UUID repositoryId, String oid) {
    }

    LfsObjectService(ObjectStore store, JdbcClient jdbc, AccessPolicy accessPolicy) {
        this.store = store;
        this.jdbc = jdbc;
        this.accessPolicy = accessPolicy;
    }

    /** The object, when it was uploaded and its size and sha256 were verified. */
    public Optional<LfsObject> findVerified(String oid) {
        if (!isValidOid(oid)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT oid, size FROM lfs_object WHERE oid = :oid")
                .param("oid", oid)
                .query((rs, n) -> new LfsObject(rs.getString("oid"), rs.getLong("size")))
                .optional();
    }

    /** Whether the repository references the object. */
    public boolean isLinked(UUID repositoryId, String oid) {
        if (!isValidOid(oid)) {
            return false;
        }
        return links.get(new Link(repositoryId, oid), k -> jdbc.sql(
                        "SELECT count(*) FROM lfs_object_link WHERE repository_id = :repo AND oid = :oid")
                .param("repo", repositoryId).param("oid", oid)
                .query(Long.class).single() > 0);
    }

    @EventListener
    void on(RepoDeleted deleted) {
        links.asMap().keySet().removeIf(k -> k.repositoryId().equals(deleted.id()));
    }

    /**
     * Links a verified object to a repository (idempotent). Throws HubException UNPROCESSABLE (422)
     * naming the oid when the object is unknown, unverified, or of another size.
     *
     * <p>The LFS batch API links a repository as soon as its uploader proved possession (see the class
     * comment), so for a commit that followed the batch API this only checks. The one link made here
     * is for bytes a client PUT straight into the store for this repository (a presigned S3 URL) without
     * calling {@code verify} (the JS client never does): they are verified and moved into place now.
     * An object that exists but was never uploaded for this repository, nor is readable by its
     * uploader elsewhere, answers 422 like an unknown one.
     */
    public void linkVerified(UUID repositoryId, String oid, long size) {
        if (!isValidOid(oid)) {
            throw unprocessable("Invalid LFS oid '" + oid + "': expected 64 lowercase hex digits");
        }
        Optional<LfsObject> verified = findVerified(oid);
        if (verified.isPresent() && verified.get().size() != size) {
            throw unprocessable("LFS object " + oid + " has size " + verified.get().size() + ", not " + size);
        }
        if (verified.isPresent() && isLinked(repositoryId, oid)) {
            return;
        }
        if (acceptStagedUpload(repositoryId, oid, size)) {
            return;
        }
        throw unprocessable("LFS object " + oid + " (" + size + " bytes) was not uploaded to this repository;"
                + " upload it through the LFS batch API first");
    }

    /** Opens bytes [offset, offset + length) of a verified object. */
    public InputStream open(String oid, long offset, long length) {
        if (findVerified(oid).isEmpty()) {
            throw HubException.notFound("LFS object " + oid + " does not exist");
        }
        return store.get(objectKey(oid), offset, length);
    }

    /**
     * The plain file holding a verified object, when the store keeps objects as local files (the
     * filesystem store), so that it can be sent with zero copies; empty otherwise.
     */
    public Optional<Path> localFile(String oid) {
        if (!isValidOid(oid) || findVerified(oid).isEmpty()) {
            return Optional.empty();
        }
        return store.localPath(objectKey(oid));
    }

    /** A presigned GET URL where the store has them (S3), else empty: the caller streams the bytes. */
    public Optional<URI> presignedDownload(String oid, String filename, Duration ttl) {
        if (!isValidOid(oid)) {
            return Optional.empty();
        }
        return store.presignedGet(objectKey(oid), ttl, filename);
    }

    // ---- for the batch and transfer endpoints of this package ----

    static boolean isValidOid(String oid) {
        return oid != null && OID.matcher(oid).matches();
    }

    /** Where a verified object lives: {@code lfs/ab/cd/<oid>}. */
    static String objectKey(String oid) {
        return "lfs/" + oid.substring(0, 2) + "/" + oid.substring(2, 4) + "/" + oid;
    }

    /** Where a presigned single PUT for this repository puts the bytes until they are verified. */
    static String stagingKey(UUID repositoryId, String oid) {
        return "lfs-staging/" + repositoryId + "/" + oid;
    }

    /** Where a multipart upload to the store assembles the bytes until they are verified. */
    static String multipartStagingKey(UUID repositoryId, String oid, String nonce) {
        return "lfs-staging/" + repositoryId + "/" + oid + "." + nonce;
    }

    /** Where the hub keeps one part of a multipart upload it receives itself (filesystem store). */
    static String partKey(String uploadId, int partNumber) {
        return "lfs-parts/" + uploadId + "/" + partNumber;
    }

    ObjectStore store() {
        return store;
    }

    /**
     * Whether the caller can read some repository that links the object, which lets a batch upload
     * skip the bytes: the caller could download them anyway. Gated repositories count only for callers
     * with a write role there.
     */
    boolean readableElsewhere(Caller caller, String oid) {
        List<LinkingRepo> repos = jdbc.sql("""
                        SELECT r.namespace, r.private, r.gated FROM lfs_object_link l
                        JOIN repository r ON r.id = l.repository_id
                        WHERE l.oid = :oid ORDER BY r.private, r.gated LIMIT 1000""")
                .param("oid", oid)
                .query((rs, n) -> new LinkingRepo(rs.getString(1), rs.getBoolean(2), rs.getString(3)))
                .list();
        for (LinkingRepo repo : repos) {
            boolean readable = accessPolicy.canRead(caller, repo.namespace(), repo.isPrivate());
            boolean ungated = "false".equals(repo.gated()) || accessPolicy.hasWriteRole(caller, repo.namespace());
            if (readable && ungated) {
                return true;
            }
        }
        return false;
    }

    /** Links an already verified object to a repository (idempotent). */
    void link(UUID repositoryId, String oid) {
        jdbc.sql("INSERT INTO lfs_object_link (repository_id, oid) VALUES (:repo, :oid) ON CONFLICT DO NOTHING")
                .param("repo", repositoryId).param("oid", oid).update();
        links.put(new Link(repositoryId, oid), Boolean.TRUE);
    }

    /**
     * Records a verified object and links it to the repository it was uploaded for. The object row
     * comes first: a crash between the two leaves an unlinked object for garbage collection, never a
     * link to something missing.
     */
    void recordAndLink(UUID repositoryId, String oid, long size) {
        jdbc.sql("INSERT INTO lfs_object (oid, size) VALUES (:oid, :size) ON CONFLICT DO NOTHING")
                .param("oid", oid).param("size", size).update();
        link(repositoryId, oid);
    }

    /** Streams the bytes into place, verifying size and sha256 on the way, then records them. */
    StoredObject storeVerified(UUID repositoryId, String oid, long size, InputStream in) {
        StoredObject stored = store.put(objectKey(oid), in, size, oid);
        recordAndLink(repositoryId, oid, size);
        return stored;
    }

    /** Verifies bytes a client wrote to {@code stagingKey}, moves them into place and records them. */
    void verifyStaged(UUID repositoryId, String oid, long size, String stagingKey) {
        try {
            store.verifyAndMove(stagingKey, objectKey(oid), size, oid);
        } catch (ObjectNotFoundException e) {
            // A concurrent verify of the same upload may have moved it a moment ago.
            if (findVerified(oid).filter(o -> o.size() == size).isPresent() && store.exists(objectKey(oid))) {
                recordAndLink(repositoryId, oid, size);
                return;
            }
            throw e;
        }
        recordAndLink(repositoryId, oid, size);
    }

    /**
     * Verifies and records a presigned single PUT for this repository, when there is one waiting.
     *
     * @return whether the object is now verified and linked to the repository
     */
    boolean acceptStagedUpload(UUID repositoryId, String oid, long size) {
        String staging = stagingKey(repositoryId, oid);
        if (!store.exists(staging)) {
            return false;
        }
        try {
            verifyStaged(repositoryId, oid, size, staging);
        } catch (ObjectNotFoundException e) {
            return false;
        }
        return true;
    }

    private static HubException unprocessable(String message) {
        return new HubException(HubErrorCode.UNPROCESSABLE, message);
    }

    private record LinkingRepo(String namespace, boolean isPrivate, String gated) {
    }
}
