package org.selfhub.hub.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.PythonVenv;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * Issue 6's acceptance with the real {@code huggingface_hub} 2.4.0: {@code src/test/python/search_listing.py}
 * seeds models and datasets of two users (each with private ones), uploads a two-shard safetensors
 * model with a card, likes, unlikes and downloads, and reports what {@code list_models},
 * {@code list_datasets}, {@code model_info}, {@code list_liked_repos} and the client's own Link
 * pagination return; every value is compared exactly here.
 */
class SearchHuggingfaceHubAcceptanceTests extends HubIntegrationTest {

    @Test
    void listsSearchesCountsAndDescribesAsHuggingfaceCo() throws IOException {
        TestAccounts accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        TestAccounts.User alice = accounts.user("alice");
        TestAccounts.User bob = accounts.user("bob");
        String marker = TestAccounts.uniqueName("accept") + "x";
        String a = alice.name() + "/" + marker;
        String b = bob.name() + "/" + marker;

        JsonNode out = run(alice, bob, marker);

        assertThat(out.get("safetensors_total").asLong()).isEqualTo(107);
        assertThat(out.get("safetensors_parameters")).isEqualTo(TestAccounts.json("{\"F32\":40,\"BF16\":64,\"I64\":3}"));
        assertThat(out.get("card_data")).isEqualTo(TestAccounts.json("{\"license\":\"mit\",\"language\":\"en\","
                + "\"tags\":[\"" + marker + "-tag\"],\"datasets\":[\"squad\"]}"));
        assertThat(strings(out.get("tags"))).containsExactly("transformers", "safetensors", "bert", "fill-mask",
                marker + "-tag", "en", "dataset:squad", "license:mit");
        assertThat(out.get("pipeline_tag").asString()).isEqualTo("fill-mask");
        assertThat(out.get("library_name").asString()).isEqualTo("transformers");
        assertThat(strings(out.get("lfs_siblings"))).containsExactly("model-00001-of-00002.safetensors",
                "model-00002-of-00002.safetensors");

        assertThat(strings(out.get("search"))).containsExactly(a + "-sharded", b + "-open", a + "-secret", a + "-gpt",
                a + "-bert");
        assertThat(strings(out.get("search_anonymous"))).containsExactly(a + "-sharded", b + "-open", a + "-gpt",
                a + "-bert");
        assertThat(strings(out.get("author"))).containsExactly(b + "-open");
        assertThat(strings(out.get("author_as_bob"))).containsExactly(b + "-hidden", b + "-open");
        assertThat(strings(out.get("filter"))).containsExactly(a + "-sharded", a + "-bert");
        assertThat(strings(out.get("filter_tag"))).containsExactly(a + "-sharded");
        assertThat(strings(out.get("pipeline_tag_filter"))).containsExactly(a + "-sharded", b + "-open",
                a + "-secret", a + "-bert");
        assertThat(strings(out.get("limit"))).containsExactly(a + "-sharded", b + "-open");

        assertThat(strings(out.get("sort_likes"))).containsExactly(a + "-gpt", a + "-bert");
        assertThat(strings(out.get("sort_trending"))).containsExactly(a + "-gpt");
        assertThat(strings(out.get("liked"))).containsExactly(a + "-bert", a + "-gpt");
        assertThat(strings(out.get("liked_after_unlike"))).containsExactly(a + "-gpt");
        assertThat(strings(out.get("likers"))).containsExactly(alice.name(), bob.name());
        assertThat(out.get("likes_after_unlike").asLong()).isZero();

        // alice twice (two caches, the same day), bob's README (no query file): one; bob's config.json: two
        assertThat(out.get("downloads_alice_twice").asLong()).isEqualTo(1);
        assertThat(out.get("downloads_after_bob").toString()).isEqualTo("[2,2]");
        assertThat(strings(out.get("sort_downloads"))).containsExactly(a + "-sharded");
        assertThat(out.get("expand").toString()).isEqualTo("[[\"" + a + "-sharded\",107,2,null]]");
        assertThat(strings(out.get("full_siblings"))).containsExactly(".gitattributes", "README.md", "config.json",
                "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors", "model.safetensors.index.json");
        assertThat(out.get("full_card_license").asString()).isEqualTo("mit");

        List<String> visible = List.of(a + "-sharded", b + "-open", a + "-secret", a + "-gpt", a + "-bert");
        assertThat(strings(out.get("paged_createdAt"))).containsExactlyElementsOf(visible);
        assertThat(strings(out.get("paged_likes"))).hasSize(5).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(visible).first().isEqualTo(a + "-gpt");
        List<String> byIdDescending = new ArrayList<>(visible);
        byIdDescending.sort(Comparator.comparing((String id) -> id.toLowerCase(java.util.Locale.ROOT)).reversed());
        assertThat(strings(out.get("paged_id"))).containsExactlyElementsOf(byIdDescending);

        assertThat(strings(out.get("datasets"))).containsExactly(a + "-data-fr", a + "-data-en");
        assertThat(strings(out.get("datasets_as_bob"))).containsExactly(b + "-data-hidden", a + "-data-fr",
                a + "-data-en");
        assertThat(strings(out.get("datasets_en"))).containsExactly(a + "-data-en");
        assertThat(strings(out.get("datasets_task"))).containsExactly(a + "-data-en");
        assertThat(strings(out.get("datasets_author"))).containsExactly(b + "-data-hidden");
        assertThat(out.get("dataset_downloads").asLong()).isEqualTo(1);
    }

    private JsonNode run(TestAccounts.User alice, TestAccounts.User bob, String marker) throws IOException {
        PythonVenv venv = PythonVenv.forHuggingfaceHub("2.4.0");
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "hf-search-");
        try {
            PythonVenv.Result result = PythonVenv.exec(List.of(venv.python().toString(),
                            Path.of("src", "test", "python", "search_listing.py").toAbsolutePath().toString(),
                            alice.name(), bob.name(), marker, work.toString()),
                    Map.of("HF_ENDPOINT", baseUrl(), "HF_TOKEN", alice.writeToken(), "BOB_TOKEN", bob.writeToken(),
                            "HF_HUB_DISABLE_XET", "1", "HF_HUB_DISABLE_TELEMETRY", "1",
                            "HF_HUB_DISABLE_PROGRESS_BARS", "1", "HF_HOME", work.resolve("home").toString()), 600);
            assertThat(result.exitCode()).as("search_listing.py failed:%n%s%n%s", result.stdout(), result.stderr())
                    .isZero();
            String[] lines = result.stdout().strip().split("\n");
            return TestAccounts.json(lines[lines.length - 1]);
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
