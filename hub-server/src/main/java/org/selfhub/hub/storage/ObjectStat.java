package org.selfhub.hub.storage;

import java.time.Instant;

/**
 * What the store knows about an object without reading it.
 *
 * @param key          the key it is stored under
 * @param size         its size in bytes
 * @param lastModified when it was last written (S3 stores this to the second)
 */
public record ObjectStat(String key, long size, Instant lastModified) {
}
