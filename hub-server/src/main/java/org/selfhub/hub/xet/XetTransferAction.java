package org.selfhub.hub.xet;

import java.util.Map;

/**
 * An LFS batch action that Xet answers: the {@code upload} of {@code "transfer": "xet"} (xet.md §1.5),
 * whose {@code href} is the write-token URL and {@code header} the {@code X-Xet-*} headers, or the
 * {@code download} of a file stored only as Xet (a signed URL, no header).
 */
public record XetTransferAction(String href, Map<String, String> header, long expiresIn) {
}
