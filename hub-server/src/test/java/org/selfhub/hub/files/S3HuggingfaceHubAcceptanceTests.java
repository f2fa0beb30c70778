package org.selfhub.hub.files;

import java.net.http.HttpResponse;
import static org.assertj.core.api.Assertions.assertThat;

import org.selfhub.hub.storage.S3ProxyServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same acceptance scenarios on the S3 store (S3Proxy in this JVM, its own data directory and
 * Spring context): LFS uploads go to presigned S3 URLs; downloads stream or redirect per §13.2.
 */
class S3HuggingfaceHubAcceptanceTests extends HuggingfaceHubAcceptanceTests {

    /** Lives as long as the JVM: Spring caches the context, and its S3 client, until then. */
    private static final S3ProxyServer S3 = S3ProxyServer.start();

    @DynamicPropertySource
    static void s3Store(DynamicPropertyRegistry registry) {
        hubProperties(registry, "it-files-s3-");
        S3.hubStorageProperties("files-acceptance").forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * S3Proxy listens on 127.0.0.1: asked as 127.0.0.1 the hub streams (a same-host redirect would
     * lose the headers for clients ≥ 1.33, §13.2); asked as localhost it redirects to the presigned URL.
     */
    @Override
    void assertLfsDownload(String resolvePath, String sha256) {
        HttpResponse<String> sameHost = head("127.0.0.1", resolvePath);
        assertThat(sameHost.statusCode()).isEqualTo(200);
        assertThat(sameHost.headers().firstValue("ETag")).hasValue("\"" + sha256 + "\"");
        assertThat(sameHost.headers().firstValue("Content-Length")).hasValue("16384");

        HttpResponse<String> otherHost = head("localhost", resolvePath);
        assertThat(otherHost.statusCode()).isEqualTo(302);
        assertThat(otherHost.headers().firstValue("Location").orElseThrow()).startsWith(S3.endpoint() + "/");
        assertThat(otherHost.headers().firstValue("X-Linked-Etag")).hasValue("\"" + sha256 + "\"");
        assertThat(otherHost.headers().firstValue("X-Linked-Size")).hasValue("16384");
        assertThat(otherHost.headers().firstValue("X-Repo-Commit")).isPresent();
    }
}
