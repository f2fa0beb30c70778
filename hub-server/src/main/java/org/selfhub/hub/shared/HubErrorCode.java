package org.selfhub.hub.shared;

import org.springframework.http.HttpStatus;

/**
 * The one error vocabulary of the hub. Each code carries the HTTP status it answers with and the
 * {@code X-Error-Code} value the Hugging Face clients map to exceptions (hub-api-contract.md §1.6).
 * A code whose {@link #headerValue()} is null sends no {@code X-Error-Code}.
 */
public enum HubErrorCode {
    REPO_NOT_FOUND(HttpStatus.NOT_FOUND, "RepoNotFound"),
    REVISION_NOT_FOUND(HttpStatus.NOT_FOUND, "RevisionNotFound"),
    ENTRY_NOT_FOUND(HttpStatus.NOT_FOUND, "EntryNotFound"),
    GATED_REPO(HttpStatus.FORBIDDEN, "GatedRepo"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "NotFound"),
    /** A renamed repository: 307 with a relative {@code Location} to its new name (§2.2, §7.3). */
    REPO_MOVED(HttpStatus.TEMPORARY_REDIRECT, null),
    BAD_REQUEST(HttpStatus.BAD_REQUEST, null),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, null),
    FORBIDDEN(HttpStatus.FORBIDDEN, null),
    CONFLICT(HttpStatus.CONFLICT, null),
    PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, null),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, null),
    RANGE_NOT_SATISFIABLE(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, null),
    UNPROCESSABLE(HttpStatus.UNPROCESSABLE_CONTENT, null),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, null),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, null),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, null);

    private final HttpStatus status;
    private final String headerValue;

    HubErrorCode(HttpStatus status, String headerValue) {
        this.status = status;
        this.headerValue = headerValue;
    }

    public HttpStatus status() {
        return status;
    }

    /** The {@code X-Error-Code} header value, or null when the clients expect none. */
    public String headerValue() {
        return headerValue;
    }
}
