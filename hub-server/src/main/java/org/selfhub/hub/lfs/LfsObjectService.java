package org.selfhub.hub.lfs;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The LFS object index: which verified objects exist and which repositories reference them.
 * The link is what authorizes a download and what garbage collection walks.
 */
@Service
public class LfsObjectService {

    /** The object, when it was uploaded and its size and sha256 were verified. */
    public Optional<LfsObject> findVerified(String oid) {
        throw new UnsupportedOperationException("built by the LFS feature");
    }

    /** Whether the repository references the object. */
    public boolean isLinked(UUID repositoryId, String oid) {
        throw new UnsupportedOperationException("built by the LFS feature");
    }

    /**
     * Links a verified object to a repository (idempotent). Throws HubException UNPROCESSABLE (422)
     * naming the oid when the object is unknown, unverified, or of another size.
     */
    public void linkVerified(UUID repositoryId, String oid, long size) {
        throw new UnsupportedOperationException("built by the LFS feature");
    }

    /** Opens bytes [offset, offset + length) of a verified object. */
    public InputStream open(String oid, long offset, long length) {
        throw new UnsupportedOperationException("built by the LFS feature");
    }

    /** A presigned GET URL where the store has them (S3), else empty: the caller streams the bytes. */
    public Optional<URI> presignedDownload(String oid, String filename, Duration ttl) {
        throw new UnsupportedOperationException("built by the LFS feature");
    }
}
