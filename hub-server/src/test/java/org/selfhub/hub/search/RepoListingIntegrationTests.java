package org.selfhub.hub.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The listing over HTTP (hub-api-contract.md §4): visibility of private repositories, search,
 * author, filter, pipeline_tag, library, sorts and directions, response shapes and cursor paging
 * through an absolute Link header. Every repository name carries a marker unique to the test, so
 * the shared hub's other repositories never match.
 */
class RepoListingIntegrationTests extends HubIntegrationTest {

    private static final Pattern LINK = Pattern.compile("<(https?://[^>]+)>;\\s+rel=\"next\"");

    @Autowired
    private MeterRegistry meters;
    @Autowired
    private JdbcClient jdbc;
    private TestAccounts accounts;
    private TestAccounts.User alice;
    private TestAccounts.User bob;
    private String marker;

    @BeforeEach
    void seed() {
        accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        alice = accounts.user("alice");
        bob = accounts.user("bob");
        // ends in a letter, so that no marker is a prefix of a later one
        marker = TestAccounts.uniqueName("Srch") + "x";
        // created in this order: the default sort is newest first
        create(alice, "model", marker + "-bert", false, card("license: mit\nlanguage: en\npipeline_tag: fill-mask\n"
                + "library_name: transformers\ntags: [" + marker + "-tag]\ndatasets: [squad]"));
        create(alice, "model", marker + "-gpt", false, card("license: apache-2.0\npipeline_tag: text-generation\n"
                + "library_name: transformers"));
        create(alice, "model", marker + "-alice-secret", true, card("license: mit"));
        create(bob, "model", marker + "-bob-open", false, card("license: mit\npipeline_tag: fill-mask"));
        create(bob, "model", marker + "-bob-secret", true, card("license: mit\npipeline_tag: fill-mask"));
        create(alice, "dataset", marker + "-data-en", false, card("license: mit\nlanguage: [en]\n"
                + "task_categories: [text-classification]"));
        create(bob, "dataset", marker + "-data-hidden", true, card("language: [en]"));
    }

    @Test
    void listsPrivateRepositoriesOnlyToCallersWhoMayReadThem() {
        assertThat(ids("/api/models?search=" + marker, null))
                .containsExactly(bob.name() + "/" + marker + "-bob-open", alice.name() + "/" + marker + "-gpt",
                        alice.name() + "/" + marker + "-bert");
        assertThat(ids("/api/models?search=" + marker, alice.readToken()))
                .containsExactly(bob.name() + "/" + marker + "-bob-open",
                        alice.name() + "/" + marker + "-alice-secret", alice.name() + "/" + marker + "-gpt",
                        alice.name() + "/" + marker + "-bert");
        assertThat(ids("/api/models?search=" + marker, ADMIN_TOKEN)).hasSize(5);
        assertThat(ids("/api/datasets?search=" + marker, alice.writeToken()))
                .containsExactly(alice.name() + "/" + marker + "-data-en");
        assertThat(ids("/api/datasets?search=" + marker, bob.writeToken()))
                .containsExactly(bob.name() + "/" + marker + "-data-hidden", alice.name() + "/" + marker + "-data-en");
    }

    @Test
    void aCachedPageIsServedOnlyUntilARepositoryChanges() {
        String q = "/api/models?search=" + marker + "&sort=likes";
        List<String> first = ids(q, null);
        long searches = searchCount();
        assertThat(ids(q, null)).isEqualTo(first);
        assertThat(searchCount()).as("the same page again is served from the cache").isEqualTo(searches);
        // Another caller sees other private repositories: not the anonymous page.
        assertThat(ids(q, alice.readToken())).contains(alice.name() + "/" + marker + "-alice-secret");
        assertThat(searchCount()).isEqualTo(searches + 1);

        // Every change to a repository is visible to the very next listing.
        like(bob, alice.name() + "/" + marker + "-gpt");
        assertThat(ids(q, null).get(0)).isEqualTo(alice.name() + "/" + marker + "-gpt");
        create(bob, "model", marker + "-bob-late", false, card("license: mit"));
        assertThat(ids(q, null)).contains(bob.name() + "/" + marker + "-bob-late");
        HttpResponse<String> hidden = accounts.call("PUT", "/api/models/" + bob.name() + "/" + marker + "-bob-late"
                + "/settings", bob.writeToken(), Map.of("private", true));
        assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(200);
        assertThat(ids(q, null)).doesNotContain(bob.name() + "/" + marker + "-bob-late");
        long version = jdbc.sql("SELECT version FROM listing_version").query(Long.class).single();
        jdbc.sql("UPDATE repository SET likes = likes WHERE false").update();
        assertThat(jdbc.sql("SELECT version FROM listing_version").query(Long.class).single())
                .as("a statement that changed no row advances nothing").isEqualTo(version);
    }

    @Test
    void filtersBySearchAuthorTagsPipelineAndLibrary() {
        String q = "/api/models?search=" + marker.toUpperCase() + "-B";
        assertThat(ids(q, null)).containsExactly(bob.name() + "/" + marker + "-bob-open",
                alice.name() + "/" + marker + "-bert");
        assertThat(ids("/api/models?search=" + marker + "&author=" + alice.name().toUpperCase(), null))
                .containsExactly(alice.name() + "/" + marker + "-gpt", alice.name() + "/" + marker + "-bert");
        assertThat(ids("/api/models?search=" + marker + "&filter=license:mit&filter=" + marker + "-tag", null))
                .containsExactly(alice.name() + "/" + marker + "-bert");
        assertThat(ids("/api/models?search=" + marker + "&filter=dataset:squad&filter=en", null))
                .containsExactly(alice.name() + "/" + marker + "-bert");
        assertThat(ids("/api/models?search=" + marker + "&pipeline_tag=fill-mask", bob.writeToken()))
                .containsExactly(bob.name() + "/" + marker + "-bob-secret", bob.name() + "/" + marker + "-bob-open",
                        alice.name() + "/" + marker + "-bert");
        assertThat(ids("/api/models?search=" + marker + "&library=transformers&direction=1", null))
                .containsExactly(alice.name() + "/" + marker + "-bert", alice.name() + "/" + marker + "-gpt");
        assertThat(ids("/api/datasets?search=" + marker + "&filter=task_categories:text-classification"
                + "&filter=language:en", null)).containsExactly(alice.name() + "/" + marker + "-data-en");
        // LIKE wildcards in the search are literal
        assertThat(ids("/api/models?search=" + marker + "%25", null)).isEmpty();
        assertThat(ids("/api/models?search=" + marker.replace('-', '_'), null)).isEmpty();
    }

    @Test
    void sortsByEveryClientValueInBothDirections() {
        String gpt = alice.name() + "/" + marker + "-gpt";
        String bert = alice.name() + "/" + marker + "-bert";
        String bobOpen = bob.name() + "/" + marker + "-bob-open";
        like(alice, gpt);
        like(bob, gpt);
        like(bob, bert);
        assertThat(ids("/api/models?search=" + marker + "&sort=likes", null)).containsExactly(gpt, bert, bobOpen);
        assertThat(ids("/api/models?search=" + marker + "&sort=likes&direction=-1", null))
                .containsExactly(gpt, bert, bobOpen);
        assertThat(ids("/api/models?search=" + marker + "&sort=likes&direction=1", null))
                .containsExactly(bobOpen, bert, gpt);
        assertThat(ids("/api/models?search=" + marker + "&sort=trendingScore", null)).containsExactly(gpt, bert, bobOpen);
        assertThat(ids("/api/models?search=" + marker + "&sort=createdAt&direction=1", null))
                .containsExactly(bert, gpt, bobOpen);
        assertThat(ids("/api/models?search=" + marker + "&sort=lastModified", null)).containsExactly(bobOpen, gpt, bert);
        assertThat(ids("/api/models?search=" + marker + "&sort=id&direction=1", null).get(0))
                .isEqualTo(List.of(bert, gpt, bobOpen).stream().sorted(String.CASE_INSENSITIVE_ORDER).findFirst().get());
        for (String sort : List.of("downloads", "likes30d", "num_parameters", "mainSize", "last_modified",
                "created_at", "trending_score")) {
            assertThat(ids("/api/models?search=" + marker + "&sort=" + sort, null)).as(sort).hasSize(3);
        }
        HttpResponse<String> invalid = get("/api/models?sort=stars");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("X-Error-Message").orElse("")).contains("Invalid sort");
    }

    @Test
    void pagesThroughAnAbsoluteLinkWithACursorAndReturnsEveryItemOnce() {
        for (String sort : List.of("", "&sort=likes", "&sort=id&direction=1", "&sort=lastModified")) {
            List<String> seen = new ArrayList<>();
            String url = baseUrl() + "/api/models?search=" + marker + "&limit=2" + sort;
            int pages = 0;
            while (url != null) {
                HttpResponse<String> page = send(authorized(url, ADMIN_TOKEN));
                assertThat(page.statusCode()).isEqualTo(200);
                TestAccounts.json(page.body()).forEach(item -> seen.add(item.get("id").asString()));
                pages++;
                url = page.headers().firstValue("Link").map(link -> {
                    Matcher m = LINK.matcher(link);
                    assertThat(m.matches()).as(link).isTrue();
                    assertThat(m.group(1)).startsWith(baseUrl() + "/api/models?").contains("limit=2")
                            .contains("search=" + marker).contains("cursor=");
                    return m.group(1);
                }).orElse(null);
            }
            assertThat(pages).as(sort).isEqualTo(3);
            assertThat(seen).as(sort).hasSize(5).doesNotHaveDuplicates();
        }
        assertThat(get("/api/models?cursor=bm90LWEtY3Vyc29y").statusCode()).isEqualTo(400);
        String likesCursor = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("LIKES\ndesc\n00000000-0000-0000-0000-000000000000\n5".getBytes(StandardCharsets.UTF_8));
        assertThat(get("/api/models?sort=downloads&cursor=" + likesCursor).statusCode()).isEqualTo(400);
    }

    @Test
    void answersTheFieldSetsOfHuggingfaceCo() {
        String bert = alice.name() + "/" + marker + "-bert";
        JsonNode item = list("/api/models?search=" + marker + "-bert", null).get(0);
        assertThat(names(item)).containsExactlyInAnyOrder("_id", "id", "likes", "trendingScore", "private", "downloads", "tags",
                "pipeline_tag", "library_name", "createdAt", "modelId");
        assertThat(item.get("modelId").asString()).isEqualTo(bert);
        assertThat(item.get("createdAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(item.get("tags").toString()).contains("\"license:mit\"", "\"dataset:squad\"", "\"en\"");

        JsonNode full = list("/api/models?search=" + marker + "-bert&full=True&config=true", null).get(0);
        assertThat(names(full)).containsExactlyInAnyOrder("_id", "id", "author", "sha", "lastModified", "private", "gated",
                "disabled", "downloads", "likes", "trendingScore", "tags", "pipeline_tag", "library_name", "createdAt",
                "cardData", "siblings", "modelId");
        assertThat(full.get("sha").asString()).hasSize(40);
        assertThat(full.get("cardData").get("license").asString()).isEqualTo("mit");
        assertThat(full.get("siblings").toString()).isEqualTo("[{\"rfilename\":\".gitattributes\"},"
                + "{\"rfilename\":\"README.md\"}]");

        JsonNode expanded = list("/api/models?search=" + marker + "-bert&expand=downloads&expand%5B%5D=cardData"
                + "&expand=safetensors", null).get(0);
        assertThat(names(expanded)).containsExactlyInAnyOrder("_id", "id", "downloads", "cardData");
        assertThat(get("/api/models?expand=nope").statusCode()).isEqualTo(400);

        JsonNode dataset = list("/api/datasets?search=" + marker + "-data-en", null).get(0);
        assertThat(names(dataset)).containsExactlyInAnyOrder("_id", "id", "author", "sha", "lastModified", "private", "gated",
                "disabled", "downloads", "likes", "trendingScore", "tags", "createdAt");
        JsonNode withCard = list("/api/datasets?search=" + marker + "-data-en&cardData=true", null).get(0);
        assertThat(withCard.get("cardData").get("task_categories").toString()).isEqualTo("[\"text-classification\"]");
        assertThat(get("/api/models?limit=0").statusCode()).isEqualTo(400);
        assertThat(list("/api/models?limit=5000&search=" + marker, null)).hasSize(3);
    }

    @Test
    void boundedWalkAndPlannedQueryAgree() {
        // limit=1: a full page (2 rows), served by the bounded walk of the sort index; limit=1000 is
        // always the planned query. The first rows must be the same.
        for (String q : List.of("search=" + marker, "search=" + marker + "&filter=license:mit",
                "search=" + marker + "&sort=likes", "search=" + marker + "&sort=id&direction=1",
                "search=" + marker + "&pipeline_tag=fill-mask&sort=lastModified",
                "search=" + marker + "&library=transformers&sort=trendingScore")) {
            for (String token : Arrays.asList(null, alice.readToken(), ADMIN_TOKEN)) {
                HttpResponse<String> page = send(authorized(baseUrl() + "/api/models?" + q + "&limit=1", token));
                assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
                List<String> all = ids("/api/models?" + q + "&limit=1000", token);
                List<String> first = new ArrayList<>();
                TestAccounts.json(page.body()).forEach(item -> first.add(item.get("id").asString()));
                assertThat(first).as(q).containsExactlyElementsOf(all.subList(0, Math.min(1, all.size())));
            }
        }
        // LIKE's wildcards in a search are literal characters
        assertThat(ids("/api/models?search=" + marker + "_bert", null)).isEmpty();
        assertThat(ids("/api/models?search=" + marker + "%25bert", null)).isEmpty();
        assertThat(ids("/api/models?search=" + marker + "-bert", null)).hasSize(1);
    }

    // ---------------------------------------------------------------- helpers

    private void create(TestAccounts.User owner, String type, String name, boolean isPrivate, String readme) {
        HttpResponse<String> created = accounts.call("POST", "/api/repos/create", owner.writeToken(),
                Map.of("name", name, "type", type, "private", isPrivate));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String body = "{\"key\":\"header\",\"value\":{\"summary\":\"card\",\"description\":\"\"}}\n"
                + "{\"key\":\"file\",\"value\":{\"path\":\"README.md\",\"content\":\""
                + Base64.getEncoder().encodeToString(readme.getBytes(StandardCharsets.UTF_8))
                + "\",\"encoding\":\"base64\"}}\n";
        HttpResponse<String> committed = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/" + type + "s/"
                        + owner.name() + "/" + name + "/commit/main"))
                .header("Authorization", "Bearer " + owner.writeToken())
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
    }

    private static String card(String yaml) {
        return "---\n" + yaml + "\n---\n# A card\n";
    }

    private void like(TestAccounts.User user, String repoId) {
        HttpResponse<String> liked = accounts.call("POST", "/api/models/" + repoId + "/like", user.writeToken(), null);
        assertThat(liked.statusCode()).as(liked.body()).isEqualTo(200);
    }

    private HttpRequest authorized(String url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.GET().build();
    }

    private JsonNode list(String path, String token) {
        HttpResponse<String> response = send(authorized(baseUrl() + path, token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Link")).isEmpty();
        return TestAccounts.json(response.body());
    }

    private long searchCount() {
        return meters.get("hub.search.query").timer().count();
    }

    private List<String> ids(String path, String token) {
        List<String> ids = new ArrayList<>();
        list(path, token).forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private static List<String> names(JsonNode item) {
        List<String> names = new ArrayList<>();
        item.propertyNames().forEach(names::add);
        return names;
    }
}
