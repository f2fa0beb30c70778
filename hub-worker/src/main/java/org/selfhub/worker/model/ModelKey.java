package org.selfhub.worker.model;

import java.util.Objects;

/**
 * A model at one commit: the unit of the disk cache and of the in-memory pool.
 *
 * @param modelId the repository id, one or two segments ({@code gpt2}, {@code org/name})
 * @param sha     the commit the hub resolved the request to
 */
public record ModelKey(String modelId, String sha) {

    public ModelKey {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(sha, "sha");
    }

    @Override
    public String toString() {
        return modelId + "@" + sha;
    }
}
