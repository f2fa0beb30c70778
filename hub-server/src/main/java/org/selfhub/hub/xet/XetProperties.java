package org.selfhub.hub.xet;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.xet.*}: the Xet storage protocol (xet.md).
 *
 * @param enabled              serve Xet: token routes, the CAS, Xet headers on resolve, {@code xetHash}
 *                             in tree entries, {@code transfer: xet} in LFS batches. Off: the hub answers
 *                             exactly as without Xet, and clients use LFS
 * @param casPath              where the CAS lives on the hub; {@code casUrl} is the public base URL plus
 *                             this path
 * @param tokenTtl             how long CAS access tokens and xorb range URLs stay valid; clients refresh
 *                             30-60 s before the expiry they are told
 * @param maxConcurrentUploads xorb uploads validated at once; more answer 503, which hf_xet retries
 * @param signingKey           the secret that signs CAS tokens and xorb range URLs; empty: a random key
 *                             kept in the database, so that restarts and replicas agree
 */
@ConfigurationProperties("hub.xet")
record XetProperties(@DefaultValue("true") boolean enabled,
                     @DefaultValue(XetProperties.DEFAULT_CAS_PATH) String casPath,
                     @DefaultValue("1h") Duration tokenTtl,
                     @DefaultValue("64") int maxConcurrentUploads,
                     @DefaultValue("") String signingKey) {

    static final String DEFAULT_CAS_PATH = "/api/xet-cas";

    /** The property placeholder the CAS routes are mapped under. */
    static final String CAS_PATH = "${hub.xet.cas-path:" + DEFAULT_CAS_PATH + "}";

    XetProperties {
        signingKey = signingKey == null ? "" : signingKey.strip();
        if (casPath == null || !casPath.startsWith("/") || casPath.endsWith("/")) {
            throw new IllegalArgumentException("hub.xet.cas-path must start with '/' and not end with one");
        }
        if (tokenTtl.compareTo(Duration.ofMinutes(5)) < 0 || tokenTtl.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("hub.xet.token-ttl must be between 5m and 1d");
        }
        if (maxConcurrentUploads < 1) {
            throw new IllegalArgumentException("hub.xet.max-concurrent-uploads must be at least 1");
        }
    }
}
