package org.selfhub.hub.lfs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code hub.lfs.*}: how the LFS batch API hands out transfers.
 *
 * @param multipartThreshold objects at least this large are offered HF's {@code multipart} transfer
 *                           when the client lists it (hub-api-contract.md §7.6)
 * @param multipartChunkSize the part size of multipart uploads; raised for very large objects so that
 *                           no upload needs more than 10,000 parts (the S3 limit)
 * @param urlTtl             how long upload, download and verify hrefs stay valid; long enough for
 *                           multi-gigabyte transfers, at most 7 days (the S3 presign limit)
 * @param signingKey         the secret that signs the hub's own transfer URLs; empty: a random key
 *                           kept in the database, so that restarts and replicas agree
 */
@ConfigurationProperties("hub.lfs")
record LfsProperties(@DefaultValue("100MB") DataSize multipartThreshold,
                     @DefaultValue("64MB") DataSize multipartChunkSize,
                     @DefaultValue("6h") Duration urlTtl,
                     @DefaultValue("") String signingKey) {

    LfsProperties {
        signingKey = signingKey == null ? "" : signingKey.strip();
        if (multipartChunkSize.toBytes() < 5L * 1024 * 1024) {
            throw new IllegalArgumentException("hub.lfs.multipart-chunk-size must be at least 5MB (the S3 part minimum)");
        }
        if (urlTtl.compareTo(Duration.ofMinutes(1)) < 0 || urlTtl.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("hub.lfs.url-ttl must be between 1m and 7d");
        }
    }
}
