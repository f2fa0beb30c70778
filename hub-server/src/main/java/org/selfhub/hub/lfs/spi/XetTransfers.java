package org.selfhub.hub.lfs.spi;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.selfhub.hub.repo.Repo;

/**
 * What the LFS batch API asks of Xet storage (xet.md §1.5, §4.3), implemented by the xet feature so
 * that lfs does not depend on it: the {@code "transfer": "xet"} upload for clients that offer it, and
 * downloads of objects a repository holds only as Xet files, rebuilt on the server.
 */
public interface XetTransfers {

    /** Whether the hub serves Xet at all. */
    boolean enabled();

    /** The upload action sending the client to the Xet CAS for this repository and revision. */
    Action uploadAction(HttpServletRequest request, Repo repo, String revision, Long accountId);

    /** Whether the repository holds this sha256 as a Xet file ({@code size} -1: of any size). */
    boolean holds(UUID repositoryId, String sha256, long size);

    /** A download action for an object the repository holds only as a Xet file, with its size. */
    Optional<Download> downloadAction(HttpServletRequest request, UUID repositoryId, String sha256);

    /** An LFS batch action: {@code href}, optional {@code header}, seconds until it expires. */
    record Action(String href, Map<String, String> header, long expiresIn) {
    }

    /** A download action and the size of the object it serves. */
    record Download(Action action, long size) {
    }
}
