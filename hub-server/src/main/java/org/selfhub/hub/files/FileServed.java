package org.selfhub.hub.files;

import java.util.UUID;
import org.selfhub.hub.shared.RepoType;

/**
 * Told to every {@link Listener} bean when {@code resolve} answered a GET or HEAD of a file with its
 * content (200, 206 or a redirect to it), before the bytes are sent. The download counters listen;
 * they decide which files count, as huggingface.co does (its query files).
 *
 * @param accountId     the caller's account, null for anonymous callers
 * @param clientAddress the caller's address (after {@code X-Forwarded-For} handling)
 */
public record FileServed(UUID repositoryId, RepoType type, String commitSha, String path, Long accountId,
                         String clientAddress) {

    /**
     * Hears of every file served, on the request's thread, so it must be quick and must not throw.
     * A plain interface rather than an application event: resolve is the busiest route, and
     * publishing an event cost more than serving a HEAD.
     */
    public interface Listener {
        void on(FileServed served);
    }
}
