package org.selfhub.hub.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.TestAccounts;
import tools.jackson.databind.JsonNode;

/**
 * Metadata extracted when a commit lands, as repo info shows it: a sharded safetensors model with a
 * card and config, commits on other branches, and malformed files that never fail the commit.
 */
class CommitMetadataIntegrationTests extends HubIntegrationTest {

    private TestAccounts.User alice;
    private String repoId;

    @BeforeEach
    void setUp() {
        TestAccounts accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        alice = accounts.user("alice");
        String name = TestAccounts.uniqueName("meta");
        repoId = alice.name() + "/" + name;
        HttpResponse<String> created = accounts.call("POST", "/api/repos/create", alice.writeToken(),
                Map.of("name", name, "type", "model"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    @Test
    void showsWhatTheDefaultBranchHeadSays() {
        byte[] shard1 = SafetensorsFixture.file().tensor("a.weight", "F32", 4, 8).tensor("a.bias", "F32", 8).bytes();
        byte[] shard2 = SafetensorsFixture.file().tensor("b.weight", "BF16", 16, 4).tensor("c.idx", "I64", 3).bytes();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.md", ("---\nlicense: mit\nlanguage: en\ntags: [demo]\ndatasets: [squad]\n---\n# Demo\n")
                .getBytes(StandardCharsets.UTF_8));
        files.put("config.json", "{\"architectures\":[\"BertForMaskedLM\"],\"model_type\":\"bert\"}"
                .getBytes(StandardCharsets.UTF_8));
        files.put("model-00001-of-00002.safetensors", shard1);
        files.put("model-00002-of-00002.safetensors", shard2);
        files.put("model.safetensors.index.json", SafetensorsFixture.index(Map.of(
                "a.weight", "model-00001-of-00002.safetensors", "a.bias", "model-00001-of-00002.safetensors",
                "b.weight", "model-00002-of-00002.safetensors", "c.idx", "model-00002-of-00002.safetensors"))
                .getBytes(StandardCharsets.UTF_8));
        assertThat(commit("main", files)).isEqualTo(200);

        JsonNode info = info();
        // jsonb keeps keys in its own order: compare as JSON values
        assertThat(info.get("safetensors"))
                .isEqualTo(TestAccounts.json("{\"parameters\":{\"BF16\":64,\"F32\":40,\"I64\":3},\"total\":107}"));
        assertThat(info.get("cardData")).isEqualTo(TestAccounts.json(
                "{\"license\":\"mit\",\"language\":\"en\",\"tags\":[\"demo\"],\"datasets\":[\"squad\"]}"));
        assertThat(info.get("library_name").asString()).isEqualTo("transformers");
        assertThat(info.get("pipeline_tag").asString()).isEqualTo("fill-mask");
        assertThat(info.get("tags").toString()).isEqualTo("[\"transformers\",\"safetensors\",\"bert\",\"fill-mask\","
                + "\"demo\",\"en\",\"dataset:squad\",\"license:mit\"]");
        assertThat(info.get("config")).isEqualTo(TestAccounts.json("{\"architectures\":[\"BertForMaskedLM\"],"
                + "\"model_type\":\"bert\"}"));
        long expectedStorage = 0;
        for (byte[] content : files.values()) {
            expectedStorage += content.length;
        }
        long gitattributes = 1519; // the 35 HF model patterns
        assertThat(info.get("usedStorage").asLong()).isEqualTo(expectedStorage + gitattributes);
        assertThat(info.has("gguf")).isFalse();

        // another branch changes nothing; a malformed card on main drops the card, never the commit
        assertThat(send(request("POST", "/api/models/" + repoId + "/branch/dev", "{}")).statusCode()).isEqualTo(200);
        assertThat(commit("dev", Map.of("README.md", "---\nlicense: apache-2.0\n---\n".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(200);
        assertThat(info().get("cardData").get("license").asString()).isEqualTo("mit");
        assertThat(commit("main", Map.of("README.md", "---\nlicense: [unclosed\n---\n".getBytes(StandardCharsets.UTF_8),
                "model-00002-of-00002.safetensors", new byte[] {1, 2, 3}))).isEqualTo(200);
        JsonNode broken = info();
        assertThat(broken.has("cardData")).isFalse();
        assertThat(broken.has("safetensors")).isFalse();
        assertThat(broken.get("tags").toString()).doesNotContain("license:mit");
        assertThat(broken.get("library_name").asString()).isEqualTo("transformers");
    }

    private JsonNode info() {
        HttpResponse<String> response = get("/api/models/" + repoId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestAccounts.json(response.body());
    }

    private int commit(String branch, Map<String, byte[]> files) {
        StringBuilder body = new StringBuilder("{\"key\":\"header\",\"value\":{\"summary\":\"files\",\"description\":\"\"}}\n");
        files.forEach((path, content) -> body.append("{\"key\":\"file\",\"value\":{\"path\":\"").append(path)
                .append("\",\"content\":\"").append(Base64.getEncoder().encodeToString(content))
                .append("\",\"encoding\":\"base64\"}}\n"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/models/" + repoId
                        + "/commit/" + branch))
                .header("Authorization", "Bearer " + alice.writeToken())
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.statusCode();
    }

    private HttpRequest request(String method, String path, String json) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + alice.writeToken())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
