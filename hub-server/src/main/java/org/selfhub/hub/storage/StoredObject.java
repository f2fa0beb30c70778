package org.selfhub.hub.storage;

/**
 * An object that was written and verified.
 *
 * @param key       the key it is stored under
 * @param size      its size in bytes
 * @param sha256Hex the sha256 of its bytes, 64 lowercase hex digits
 */
public record StoredObject(String key, long size, String sha256Hex) {
}
