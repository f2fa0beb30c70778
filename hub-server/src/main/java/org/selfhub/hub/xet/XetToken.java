package org.selfhub.hub.xet;

import java.util.UUID;

/**
 * What a CAS access token grants: {@code scope} ({@code read} or {@code write}, which implies read)
 * on one repository at one revision (or {@code None}), for one account (null: anonymous read of a
 * public repository), until {@code expiresAt} (Unix seconds).
 */
record XetToken(UUID repositoryId, String revision, String scope, Long accountId, long expiresAt) {

    static final String READ = "read";
    static final String WRITE = "write";

    boolean canWrite() {
        return WRITE.equals(scope);
    }
}
