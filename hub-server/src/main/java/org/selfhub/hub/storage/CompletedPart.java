package org.selfhub.hub.storage;

/**
 * One uploaded part of a multipart upload, as reported by the client that uploaded it.
 *
 * @param partNumber the part number, 1 to 10000
 * @param etag       the {@code ETag} response header of the part upload, quoted or not
 */
public record CompletedPart(int partNumber, String etag) {
}
