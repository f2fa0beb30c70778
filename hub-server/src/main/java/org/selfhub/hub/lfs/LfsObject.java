package org.selfhub.hub.lfs;

/** A large file in the content-addressed store: sha256 (64 lowercase hex) and size, verified. */
public record LfsObject(String oid, long size) {
}
