package org.selfhub.hub.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.PythonVenv;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * THE acceptance suite of the file API: the real {@code huggingface_hub} 2.4.0 (the newest release,
 * {@code HF_HUB_DISABLE_XET=1}) runs the scenario scripts in {@code src/test/python} against the
 * running hub, and each script's JSON result is compared with exact values. Subclasses pick the
 * object store; every store runs the same scenarios.
 */
abstract class HuggingfaceHubAcceptanceTests extends HubIntegrationTest {

    static final String HF_VERSION = "2.4.0";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path SCRIPTS = Path.of("src", "test", "python").toAbsolutePath();

    private TestAccounts.User user;

    @BeforeEach
    void user() {
        user = TestAccounts.create(baseUrl(), ADMIN_TOKEN).user("hf-accept");
    }

    private JsonNode run(String script, String... args) throws IOException {
        PythonVenv venv = PythonVenv.forHuggingfaceHub(HF_VERSION);
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "hf-accept-");
        try {
            List<String> command = new ArrayList<>(List.of(venv.python().toString(), SCRIPTS.resolve(script).toString()));
            command.addAll(List.of(args));
            command.add(work.toString());
            PythonVenv.Result result = PythonVenv.exec(command, Map.of(
                    "HF_ENDPOINT", baseUrl(), "HF_TOKEN", user.writeToken(), "HF_HUB_DISABLE_XET", "1",
                    "HF_HUB_DISABLE_TELEMETRY", "1", "HF_HUB_DISABLE_PROGRESS_BARS", "1",
                    "HF_HOME", work.resolve("home").toString()), 900);
            assertThat(result.exitCode()).as("%s failed:%n%s%n%s", script, result.stdout(), result.stderr()).isZero();
            String[] lines = result.stdout().strip().split("\n");
            return JSON.readTree(lines[lines.length - 1]);
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }
    }

    @Test
    void repositoryLifecycle() throws IOException {
        String name = TestAccounts.uniqueName("life");
        String repoId = user.name() + "/" + name;
        JsonNode out = run("repo_lifecycle.py", user.name(), name);

        assertThat(out.get("create_url").asString()).isEqualTo(baseUrl() + "/" + repoId);
        assertThat(out.get("create_repo_id").asString()).isEqualTo(repoId);
        assertThat(out.get("exist_ok_url").asString()).isEqualTo(baseUrl() + "/" + repoId);
        assertThat(out.get("create_again").asString()).isEqualTo("HfHubHTTPError:409");
        assertThat(out.get("repo_exists").asBoolean()).isTrue();
        assertThat(out.get("repo_exists_missing").asBoolean()).isFalse();
        assertThat(out.get("upload_oid_is_sha").asBoolean()).isTrue();
        assertThat(out.get("file_exists").asBoolean()).isTrue();
        assertThat(out.get("file_exists_missing").asBoolean()).isFalse();
        assertThat(out.get("info_id").asString()).isEqualTo(repoId);
        assertThat(out.get("info_sha_is_head").asBoolean()).isTrue();
        assertThat(out.get("info_private").asBoolean()).isFalse();
        // .gitattributes: the 35 HF model patterns, 1519 bytes; notes.txt: `printf 'hello hub\\n' | git hash-object --stdin`
        assertThat(out.get("info_siblings").toString()).isEqualTo("[[\".gitattributes\",1519,\""
                + "a6344aac8c09253b3b630fb776ae94478aa0275b" + "\"],[\"notes.txt\",10,\""
                + "bc98243ce9b9c35cae6011dec7c54e66c850c702" + "\"]]");
        assertThat(out.get("list_repo_files").toString()).isEqualTo("[\".gitattributes\",\"notes.txt\"]");
        assertThat(out.get("private_after_settings").asBoolean()).isTrue();
        assertThat(out.get("anonymous_private_download").asString()).isEqualTo("RepositoryNotFoundError");
        assertThat(out.get("owner_private_download").asString()).isEqualTo("hello hub\n");
        assertThat(out.get("repo_exists_new_name").asBoolean()).isTrue();
        assertThat(out.get("download_by_old_name").asString())
                .isEqualTo("115d6c773e98b2115031cb9d0350d238da014c5f40c6d7dcb2f4f00afd524a20");
        assertThat(out.get("info_by_old_name").asString()).isEqualTo(repoId + "-moved");
        assertThat(out.get("repo_exists_after_delete").asBoolean()).isFalse();
        assertThat(out.get("delete_again").asString()).isEqualTo("RepositoryNotFoundError");
    }

    @Test
    void filesRoundTrip() throws IOException {
        String repoId = user.name() + "/" + TestAccounts.uniqueName("roundtrip");
        JsonNode out = run("files_roundtrip.py", repoId);

        assertThat(out.get("upload_folder_commit_is_sha").asBoolean()).isTrue();
        assertThat(out.get("downloads_match").toString()).isEqualTo("{\"README.md\":true,\"data/train.csv\":true,"
                + "\"data/nested/deep/values.txt\":true,\"data/weights.bin\":true,\"images/pixel.png\":true,"
                + "\"docs/empty.txt\":true}");
        assertThat(out.get("snapshot_files").toString()).isEqualTo("[\".gitattributes\",\"README.md\","
                + "\"data/nested/deep/values.txt\",\"data/train.csv\",\"data/weights.bin\",\"docs/empty.txt\","
                + "\"images/pixel.png\"]");
        assertThat(out.get("tree").toString()).isEqualTo("["
                + "[\"RepoFile\",\".gitattributes\",2461,false,false],"
                + "[\"RepoFile\",\"README.md\",33,false,true],"
                + "[\"RepoFile\",\"data/nested/deep/values.txt\",14,false,true],"
                + "[\"RepoFile\",\"data/train.csv\",8,false,true],"
                + "[\"RepoFile\",\"data/weights.bin\",16384,true,true],"
                + "[\"RepoFile\",\"docs/empty.txt\",0,false,true],"
                + "[\"RepoFile\",\"images/pixel.png\",108,true,true],"
                + "[\"RepoFolder\",\"data\",null,false,true],"
                + "[\"RepoFolder\",\"data/nested\",null,false,true],"
                + "[\"RepoFolder\",\"data/nested/deep\",null,false,true],"
                + "[\"RepoFolder\",\"docs\",null,false,true],"
                + "[\"RepoFolder\",\"images\",null,false,true]]");
        assertThat(out.get("tree_subdir").toString()).isEqualTo("[\"data/nested/deep\"]");
        assertThat(out.get("weights_lfs_sha256_matches").asBoolean()).isTrue();
        assertThat(out.get("paths_info").toString())
                .isEqualTo("[[\"RepoFile\",\"README.md\"],[\"RepoFolder\",\"data\"]]");
        assertThat(out.get("branches").toString()).isEqualTo("[\"dev\",\"main\"]");
        assertThat(out.get("tags").toString()).isEqualTo("[[\"v1.0\",true]]");
        assertThat(out.get("pull_requests").toString()).isEqualTo("[]");
        assertThat(out.get("download_at_branch").asString()).isEqualTo("dev only\n");
        assertThat(out.get("download_at_tag").asString()).isEqualTo("a,b\n1,2\n");
        assertThat(out.get("missing_at_tag").asString()).isEqualTo("RemoteEntryNotFoundError");
        assertThat(out.get("unknown_revision").asString()).isEqualTo("RevisionNotFoundError");
        assertThat(out.get("files_after_deletes").toString()).isEqualTo("[\".gitattributes\",\"README.md\","
                + "\"data/weights.bin\",\"docs/empty.txt\",\"images/pixel.png\"]");
        assertThat(out.get("commit_titles").toString()).isEqualTo(
                "[\"Delete folder data/nested with huggingface_hub\",\"Delete data/train.csv with huggingface_hub\","
                        + "\"folder\",\"initial commit\"]");
        assertThat(out.get("stale_parent").toString()).isEqualTo("[\"HfHubHTTPError\",412,true]");
        assertThat(out.get("fs_ls").toString()).isEqualTo("[\"datasets/" + repoId + "/data/weights.bin\"]");
        assertThat(out.get("fs_ranged_read").asString()).isEqualTo(out.get("fs_ranged_expected").asString());
    }

    @Test
    void largeFileThroughLfsMultipart() throws IOException {
        String repoId = user.name() + "/" + TestAccounts.uniqueName("large");
        JsonNode out = run("large_file.py", repoId);
        assertThat(out.toString()).isEqualTo("{\"size\":150000000,\"sibling_size\":150000000,"
                + "\"sibling_lfs_sha256_matches\":true,\"download_sha256_matches\":true,\"download_size\":150000000,"
                + "\"gitattributes_tracks_it\":true}");
    }
}
