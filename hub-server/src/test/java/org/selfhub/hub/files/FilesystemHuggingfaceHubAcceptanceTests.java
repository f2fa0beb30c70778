package org.selfhub.hub.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The acceptance scenarios on the default filesystem store: LFS bytes are streamed by the hub. */
class FilesystemHuggingfaceHubAcceptanceTests extends HuggingfaceHubAcceptanceTests {

    @DynamicPropertySource
    static void filesystemStore(DynamicPropertyRegistry registry) {
        hubProperties(registry, "it-files-fs-");
    }

    @Override
    void assertLfsDownload(String resolvePath, String sha256) {
        for (String host : new String[] {"127.0.0.1", "localhost"}) {
            HttpResponse<String> response = head(host, resolvePath);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("ETag")).hasValue("\"" + sha256 + "\"");
            assertThat(response.headers().firstValue("X-Linked-Etag")).hasValue("\"" + sha256 + "\"");
            assertThat(response.headers().firstValue("X-Linked-Size")).hasValue("16384");
            assertThat(response.headers().firstValue("Content-Length")).hasValue("16384");
            assertThat(response.headers().firstValue("X-Repo-Commit")).isPresent();
        }
    }
}
