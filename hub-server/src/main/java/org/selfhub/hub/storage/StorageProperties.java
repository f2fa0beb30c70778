package org.selfhub.hub.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.storage.*}: which object store the hub uses. The filesystem store's root is not set
 * here: it is always {@code ${hub.data-dir}/objects}.
 *
 * @param type {@code filesystem} (default) or {@code s3}
 * @param s3   the S3 settings, used when {@code type} is {@code s3}
 */
@ConfigurationProperties("hub.storage")
record StorageProperties(@DefaultValue("filesystem") Type type, @DefaultValue S3 s3) {

    enum Type {
        FILESYSTEM,
        S3
    }

    /**
     * @param endpoint  the S3 endpoint URL, e.g. {@code http://minio:9000}
     * @param bucket    the bucket, created at startup when absent
     * @param accessKey the access key id
     * @param secretKey the secret access key
     * @param region    the region the bucket lives in; {@code us-east-1} suits MinIO and most others
     */
    record S3(String endpoint, String bucket, String accessKey, String secretKey,
              @DefaultValue("us-east-1") String region) {

        @Override
        public String toString() {
            // Keeps the secret out of logs and failure reports.
            return "S3[endpoint=" + endpoint + ", bucket=" + bucket + ", accessKey=" + accessKey
                    + ", secretKey=" + (secretKey == null ? null : "******") + ", region=" + region + "]";
        }
    }
}
