package org.selfhub.hub.xet;

/** A file stored as Xet chunks: its Xet hash (64 hex), size in bytes and sha256 hex. */
public record XetFile(String xetHash, long size, String sha256) {
}
