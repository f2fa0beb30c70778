package org.selfhub.hub.lfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.PythonVenv;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.FileSystemUtils;

/**
 * The real {@code huggingface_hub} 2.4.0 (with {@code HF_HUB_DISABLE_XET=1}, so large files take the
 * LFS batch API) uploads a 150 MB file, which the hub answers with HF multipart (64 MiB parts on
 * the filesystem store, hub-api-contract.md §7.6), commits it, and downloads it again.
 */
class HuggingfaceHubLfsIntegrationTests extends HubIntegrationTest {

    private static final String SCRIPT = """
            import hashlib, os, random, sys
            from huggingface_hub import HfApi, hf_hub_download, lfs

            calls = {"multipart": 0, "single": 0}
            multi, single = lfs._upload_multi_part, lfs._upload_single_part
            def count_multi(*a, **k):
                calls["multipart"] += 1
                return multi(*a, **k)
            def count_single(*a, **k):
                calls["single"] += 1
                return single(*a, **k)
            lfs._upload_multi_part, lfs._upload_single_part = count_multi, count_single

            repo_id, work = sys.argv[1], sys.argv[2]
            api = HfApi()
            api.create_repo(repo_id)
            path = os.path.join(work, "weights.bin")
            rng = random.Random(150)
            digest = hashlib.sha256()
            with open(path, "wb") as f:
                for _ in range(150):
                    block = rng.randbytes(1000 * 1000)
                    digest.update(block)
                    f.write(block)
            info = api.upload_file(path_or_fileobj=path, path_in_repo="weights.bin", repo_id=repo_id)
            downloaded = hf_hub_download(repo_id, "weights.bin", cache_dir=os.path.join(work, "cache"))
            got = hashlib.sha256()
            with open(downloaded, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    got.update(block)
            print("uploaded", digest.hexdigest())
            print("downloaded", got.hexdigest(), os.path.getsize(downloaded))
            print("transfers", calls["multipart"], calls["single"])
            """;

    @Autowired
    LfsObjectService objects;

    @Test
    void huggingfaceHubUploadsA150MegabyteFileInPartsAndDownloadsIt() throws Exception {
        PythonVenv venv = PythonVenv.forHuggingfaceHub("2.4.0");
        TestAccounts.User user = TestAccounts.create(baseUrl(), ADMIN_TOKEN).user("lfs-hf");
        String repoId = user.name() + "/" + TestAccounts.uniqueName("weights");
        Path work = Files.createTempDirectory("hf-lfs-");

        PythonVenv.Result result;
        try {
            result = PythonVenv.exec(List.of(venv.python().toString(), "-c", SCRIPT, repoId, work.toString()),
                    Map.of("HF_ENDPOINT", baseUrl(), "HF_TOKEN", user.writeToken(), "HF_HUB_DISABLE_XET", "1",
                            "HF_HUB_DISABLE_TELEMETRY", "1", "HF_HOME", work.resolve("home").toString()), 600);
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        String[] lines = result.stdout().strip().split("\n");
        String oid = lines[0].substring("uploaded ".length());
        assertThat(lines[1]).isEqualTo("downloaded " + oid + " 150000000");
        assertThat(lines[2]).isEqualTo("transfers 1 0");
        assertThat(objects.findVerified(oid)).contains(new LfsObject(oid, 150_000_000L));
    }
}
