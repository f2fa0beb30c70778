package org.selfhub.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/admin/storage}: exact counts, by the change that known objects make to them. */
class AdminStorageIntegrationTests extends HubIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void reportsRepositoriesLfsObjectsAndWhatNoRepositoryReferences() {
        TestAccounts accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        TestAccounts.User alice = accounts.user("alice");
        String name = TestAccounts.uniqueName("big");
        assertThat(accounts.call("POST", "/api/repos/create", alice.writeToken(),
                Map.of("name", name, "type", "dataset", "private", true)).statusCode()).isEqualTo(200);
        JsonNode before = storage();

        // the largest repository of the hub, one object it links and one nobody links
        long initial = jdbc.sql("SELECT used_storage FROM repository WHERE namespace = :ns AND name = :n")
                .param("ns", alice.name()).param("n", name).query(Long.class).single();
        jdbc.sql("UPDATE repository SET used_storage = 9000000000000 WHERE namespace = :ns AND name = :n")
                .param("ns", alice.name()).param("n", name).update();
        String linked = "a".repeat(63) + (System.nanoTime() % 10);
        String orphan = "b".repeat(63) + (System.nanoTime() % 10);
        jdbc.sql("INSERT INTO lfs_object (oid, size) VALUES (:l, 100), (:o, 1234)")
                .param("l", linked).param("o", orphan).update();
        jdbc.sql("""
                        INSERT INTO lfs_object_link (repository_id, oid)
                        SELECT id, :l FROM repository WHERE namespace = :ns AND name = :n""")
                .param("l", linked).param("ns", alice.name()).param("n", name).update();
        JsonNode after = storage();

        assertThat(after.get("repositories").asLong()).isEqualTo(before.get("repositories").asLong());
        assertThat(after.get("totalBytes").asLong()).isEqualTo(before.get("totalBytes").asLong() - initial + 9000000000000L);
        assertThat(after.get("lfs").get("objects").asLong()).isEqualTo(before.get("lfs").get("objects").asLong() + 2);
        assertThat(after.get("lfs").get("bytes").asLong()).isEqualTo(before.get("lfs").get("bytes").asLong() + 1334);
        assertThat(after.get("unreferenced").get("lfsObjects").asLong())
                .isEqualTo(before.get("unreferenced").get("lfsObjects").asLong() + 1);
        assertThat(after.get("unreferenced").get("lfsBytes").asLong())
                .isEqualTo(before.get("unreferenced").get("lfsBytes").asLong() + 1234);
        assertThat(after.get("xet").get("xorbs").asLong()).isEqualTo(before.get("xet").get("xorbs").asLong());
        JsonNode first = after.get("largest").get(0);
        assertThat(first.get("id").asString()).isEqualTo(alice.name() + "/" + name);
        assertThat(first.get("type").asString()).isEqualTo("dataset");
        assertThat(first.get("private").asBoolean()).isTrue();
        assertThat(first.get("usedStorage").asLong()).isEqualTo(9000000000000L);
        assertThat(after.get("largest").size()).isLessThanOrEqualTo(AdminStorageController.LARGEST);

        HttpResponse<String> asAlice = accounts.call("GET", "/api/admin/storage", alice.writeToken(), null);
        assertThat(asAlice.statusCode()).isEqualTo(403);
    }

    private JsonNode storage() {
        HttpResponse<String> response = TestAccounts.create(baseUrl(), ADMIN_TOKEN).call("GET", "/api/admin/storage",
                ADMIN_TOKEN, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestAccounts.json(response.body());
    }
}
