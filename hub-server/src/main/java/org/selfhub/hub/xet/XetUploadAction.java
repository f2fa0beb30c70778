package org.selfhub.hub.xet;

import java.util.Map;

/**
 * The {@code upload} action of an LFS batch answer with {@code "transfer": "xet"} (xet.md §1.5):
 * the write-token URL as {@code href} and the {@code X-Xet-*} headers.
 */
public record XetUploadAction(String href, Map<String, String> header, long expiresIn) {
}
