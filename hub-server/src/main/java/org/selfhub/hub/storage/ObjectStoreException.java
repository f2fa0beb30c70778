package org.selfhub.hub.storage;

import java.io.IOException;

/**
 * The store itself failed: unreachable, rejected the credentials, out of space, an I/O error. The
 * message is one line naming the store and the cause (e.g. {@code S3 store at http://minio:9000
 * rejected the credentials (InvalidAccessKeyId)}); it is meant for logs and operators, not callers.
 */
public class ObjectStoreException extends RuntimeException {

    /** What went wrong, so that start-up can tell the operator which setting to look at. */
    enum Problem {
        CREDENTIALS_REJECTED,
        UNREACHABLE,
        OTHER
    }

    private final Problem problem;

    public ObjectStoreException(String message) {
        this(message, null);
    }

    public ObjectStoreException(String message, Throwable cause) {
        this(Problem.OTHER, message, cause);
    }

    ObjectStoreException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }

    /** Reading the caller's stream failed (the uploader went away): not the store's fault. */
    static ObjectStoreException sourceFailed(String key, IOException cause) {
        return new ObjectStoreException("Reading the content for " + key + " failed ("
                + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")", cause);
    }
}
