package org.selfhub.hub.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.selfhub.hub.repo.RepoService;
import org.selfhub.hub.shared.RepoRef;
import org.selfhub.hub.shared.RepoType;
import org.selfhub.hub.test.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.selfhub.hub.test.PythonVenv;
import org.selfhub.hub.test.TestAccounts;
import tools.jackson.databind.JsonNode;

/**
 * git smart HTTP and Git LFS with the real {@code git} and {@code git-lfs} clients against the
 * running hub (git-lfs.md §1, §2.3, §3.2): clone, fetch (protocol v2), push with LFS, the
 * authorization answers git and git-lfs rely on, the pre-receive refusals as the user sees them,
 * locks, and pushes racing API commits.
 */
class GitHttpIntegrationTests extends HubIntegrationTest {

    @TempDir
    Path tmp;

    @Autowired
    GitService gitService;

    @Autowired
    RepoService repos;

    private TestAccounts accounts;
    private TestAccounts.User alice;
    private GitCli git;

    @BeforeEach
    void setUp() {
        accounts = TestAccounts.create(baseUrl(), ADMIN_TOKEN);
        alice = accounts.user("gitter");
        git = new GitCli(tmp.resolve("home"));
    }

    // ---------------------------------------------------------------- clone and fetch

    @Test
    void clonesAPublicRepositoryAnonymouslyWithTheApiCommitOnMain() throws Exception {
        String repo = createRepo(alice, "public", false);
        apiCommit(alice.writeToken(), repo, "main", "README.md", "# hello from the API\n");

        git.run(tmp, "clone", url(null, repo), "anon").ok();

        assertThat(Files.readString(tmp.resolve("anon/README.md"))).isEqualTo("# hello from the API\n");
        assertThat(git.run(tmp.resolve("anon"), "rev-parse", "--abbrev-ref", "HEAD").ok().stdout().strip())
                .isEqualTo("main");
        assertThat(git.run(tmp.resolve("anon"), "rev-parse", "HEAD").ok().stdout().strip()).isEqualTo(apiSha(repo));

        // An API commit is visible to git fetch at once: same bare repository.
        apiCommit(alice.writeToken(), repo, "main", "second.txt", "2\n");
        git.run(tmp.resolve("anon"), "pull", "--ff-only").ok();
        assertThat(Files.readString(tmp.resolve("anon/second.txt"))).isEqualTo("2\n");

        // .git suffix and dumb HTTP
        git.run(tmp, "clone", url(null, repo) + ".git", "anon2").ok();
        assertThat(get("/" + repo + ".git/info/refs").statusCode()).isEqualTo(403);
        assertThat(get("/" + repo + "/HEAD").statusCode()).isNotEqualTo(200);
        // JGit's servlet answers only what the front filter forwarded to it.
        assertThat(get("/_git/" + repo + "/info/refs?service=git-upload-pack").statusCode()).isEqualTo(404);
    }

    @Test
    void privateRepositoryNeedsCredentialsAndAnswersLikeAMissingOne() {
        String repo = createRepo(alice, "secret", true);
        String missing = alice.name() + "/" + TestAccounts.uniqueName("nothing-here");

        GitCli.Result anonymous = git.run(dir("a"), "clone", url(null, repo), "c");
        GitCli.Result anonymousMissing = git.run(dir("b"), "clone", url(null, missing), "c");
        assertThat(anonymous.exitCode()).isNotZero();
        assertThat(anonymous.stderr()).contains("could not read Username");
        assertThat(anonymous.stderr().replace(repo, "X")).isEqualTo(anonymousMissing.stderr().replace(missing, "X"));

        HttpResponse<String> challenge = get("/" + repo + "/info/refs?service=git-upload-pack");
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"hub\"");

        TestAccounts.User mallory = accounts.user("mallory");
        GitCli.Result stranger = git.run(dir("c"), "clone", url(mallory.writeToken(), repo), "c");
        GitCli.Result strangerMissing = git.run(dir("d"), "clone", url(mallory.writeToken(), missing), "c");
        assertThat(stranger.exitCode()).isNotZero();
        assertThat(stranger.stderr()).contains("not found");
        assertThat(scrub(stranger.stderr(), repo, mallory)).isEqualTo(scrub(strangerMissing.stderr(), missing, mallory));
        // Every request is authorized, not only info/refs.
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/" + repo + "/git-upload-pack"))
                .header("Content-Type", "application/x-git-upload-pack-request")
                .POST(HttpRequest.BodyPublishers.ofString("0000")).build());
        assertThat(post.statusCode()).isEqualTo(401);

        git.run(tmp, "clone", url(alice.readToken(), repo), "mine").ok();
        assertThat(tmp.resolve("mine/.gitattributes")).exists();
        git.run(tmp, "-c", "http.extraHeader=Authorization: Bearer " + alice.readToken(), "clone",
                url(null, repo), "bearer").ok();
    }

    @Test
    void fetchNegotiatesProtocolVersion2() {
        String repo = createRepo(alice, "v2", false);
        git.run(tmp, "clone", url(null, repo), "c").ok();
        apiCommit(alice.writeToken(), repo, "main", "new.txt", "new\n");

        GitCli.Result fetch = git.run(tmp.resolve("c"), Map.of("GIT_TRACE_PACKET", "1"),
                "-c", "protocol.version=2", "fetch", "origin");

        assertThat(fetch.exitCode()).as(fetch.stderr()).isZero();
        assertThat(fetch.stderr()).contains("git< version 2").contains("fetch> command=ls-refs")
                .contains("fetch> command=fetch");
        assertThat(git.run(tmp.resolve("c"), "show", "origin/main:new.txt").ok().stdout()).isEqualTo("new\n");
    }

    // ---------------------------------------------------------------- push

    @Test
    void pushesAnLfsFileAndARegularFileVisibleEverywhereAtOnce() throws Exception {
        String repo = createRepo(alice, "weights", false);
        Path work = tmp.resolve("work");
        git.run(tmp, "clone", url(alice.writeToken(), repo), "work").ok();
        git.run(work, "lfs", "track", "*.bin").ok();
        String lfsSha = writeRandom(work.resolve("model.bin"), 50_000_000, 50);
        Files.writeString(work.resolve("notes.txt"), "pushed with git\n");
        git.run(work, "add", ".gitattributes", "model.bin", "notes.txt").ok();
        git.run(work, "commit", "-m", "weights").ok();

        GitCli.Result push = git.run(work, "push", "origin", "main");

        assertThat(push.exitCode()).as(push.stderr()).isZero();
        String head = git.run(work, "rev-parse", "HEAD").ok().stdout().strip();
        assertThat(apiSha(repo)).isEqualTo(head);

        git.run(tmp, "clone", url(null, repo), "fresh").ok();
        assertThat(sha256(tmp.resolve("fresh/model.bin"))).isEqualTo(lfsSha);
        assertThat(sha256(tmp.resolve("fresh/notes.txt"))).isEqualTo(sha256(work.resolve("notes.txt")));

        JsonNode tree = TestAccounts.json(get("/api/models/" + repo + "/tree/main").body());
        JsonNode model = null;
        for (JsonNode entry : tree) {
            if (entry.get("path").asString().equals("model.bin")) {
                model = entry;
            }
        }
        assertThat(model).isNotNull();
        assertThat(model.get("lfs").get("oid").asString()).isEqualTo(lfsSha);
        assertThat(model.get("size").asLong()).isEqualTo(50_000_000L);
        HttpResponse<String> notes = get("/" + repo + "/resolve/main/notes.txt");
        assertThat(notes.statusCode()).isEqualTo(200);
        assertThat(notes.body()).isEqualTo("pushed with git\n");

        PythonVenv venv = PythonVenv.forHuggingfaceHub("2.4.0");
        PythonVenv.Result download = venv.run("""
                        import hashlib, sys
                        from huggingface_hub import hf_hub_download
                        path = hf_hub_download(sys.argv[1], "model.bin", cache_dir=sys.argv[2])
                        h = hashlib.sha256()
                        with open(path, "rb") as f:
                            for block in iter(lambda: f.read(1 << 20), b""):
                                h.update(block)
                        print(h.hexdigest())
                        """.replace("sys.argv[1]", "'" + repo + "'").replace("sys.argv[2]",
                        "'" + tmp.resolve("hf-cache") + "'"),
                Map.of("HF_ENDPOINT", baseUrl(), "HF_HUB_DISABLE_XET", "1", "HF_HUB_DISABLE_TELEMETRY", "1",
                        "HF_HOME", tmp.resolve("hf-home").toString()), 300);
        assertThat(download.exitCode()).as(download.stderr()).isZero();
        assertThat(download.stdout().strip()).isEqualTo(lfsSha);
    }

    @Test
    void refusesALargeFileNotTrackedWithLfs() throws Exception {
        String repo = createRepo(alice, "untracked", false);
        Path work = cloneForPush(repo, alice.writeToken());
        // .dat is not among the patterns a new repository's .gitattributes sends to LFS.
        writeRandom(work.resolve("big.dat"), 20_000_000, 20);
        git.run(work, "add", "big.dat").ok();
        git.run(work, "commit", "-m", "big").ok();

        GitCli.Result push = git.run(work, "push", "origin", "main");

        assertThat(push.exitCode()).isNotZero();
        assertThat(push.stderr()).contains("[remote rejected] main -> main")
                .contains("remote: Your push was rejected because it contains files of 10 MiB or more")
                .contains("big.dat (19.1 MiB)").contains("git lfs track \"*.dat\"");
        assertThat(apiSha(repo)).isNotEqualTo(git.run(work, "rev-parse", "HEAD").ok().stdout().strip());
    }

    @Test
    void refusesRewritesOfMainForeignRefsAndPointersToMissingObjects() throws Exception {
        String repo = createRepo(alice, "protected", false);
        Path work = cloneForPush(repo, alice.writeToken());
        commitFile(work, "a.txt", "a\n");
        git.run(work, "push", "origin", "main").ok();

        git.run(work, "commit", "--amend", "-m", "rewritten").ok();
        GitCli.Result force = git.run(work, "push", "--force", "origin", "main");
        assertThat(force.exitCode()).isNotZero();
        assertThat(force.stderr()).contains("main -> main (non-fast-forward updates of the default branch are refused)");

        GitCli.Result delete = git.run(work, "push", "origin", ":main");
        assertThat(delete.stderr()).contains("(the default branch cannot be deleted)");

        GitCli.Result pr = git.run(work, "push", "origin", "HEAD:refs/pr/1");
        assertThat(pr.exitCode()).isNotZero();
        assertThat(pr.stderr()).contains("(only branches and tags can be pushed)");

        // Other branches may be force-pushed and deleted; tags pushed.
        git.run(work, "push", "origin", "HEAD:refs/heads/topic").ok();
        git.run(work, "push", "origin", "HEAD:refs/tags/v1").ok();
        git.run(work, "push", "origin", ":topic").ok();

        git.run(work, "reset", "--hard", "origin/main").ok();
        String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "ab".repeat(32) + "\nsize 1234\n";
        commitFile(work, "fake.bin", pointer);
        GitCli.Result missing = git.run(work, "push", "--no-verify", "origin", "main");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("(missing LFS object for fake.bin)")
                .contains("was never uploaded to this repository");
    }

    @Test
    void aReadTokenCannotPush() throws Exception {
        String repo = createRepo(alice, "readonly", false);
        Path work = cloneForPush(repo, alice.readToken());
        commitFile(work, "x.txt", "x\n");

        GitCli.Result push = git.run(work, "push", "origin", "main");

        assertThat(push.exitCode()).isNotZero();
        assertThat(push.stderr()).contains("remote: Your token has the read role").contains("403");
        HttpResponse<String> anonymousPush = get("/" + repo + "/info/refs?service=git-receive-pack");
        assertThat(anonymousPush.statusCode()).isEqualTo(401);
        assertThat(anonymousPush.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    // ---------------------------------------------------------------- locks

    @Test
    void aLockHeldByAnotherUserBlocksPushesOfThatPathUntilUnlocked() throws Exception {
        TestAccounts.User bob = accounts.user("locker");
        String org = accounts.org("lockers", alice);
        accounts.addMember(org, bob, "write");
        String repo = org + "/" + TestAccounts.uniqueName("locked");
        assertThat(accounts.call("POST", "/api/repos/create", alice.writeToken(),
                Map.of("name", repo.substring(org.length() + 1), "organization", org)).statusCode()).isEqualTo(200);
        Path work = cloneForPush(repo, alice.writeToken());
        commitFile(work, "config.json", "{}\n");
        git.run(work, "push", "origin", "main").ok();

        HttpResponse<String> locked = lfs("POST", repo, "/locks", bob.writeToken(), "{\"path\":\"config.json\"}");
        assertThat(locked.statusCode()).as(locked.body()).isEqualTo(201);
        assertThat(locked.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/vnd.git-lfs+json");
        JsonNode lock = TestAccounts.json(locked.body()).get("lock");
        String lockId = lock.get("id").asString();
        assertThat(lock.get("owner").get("name").asString()).isEqualTo(bob.name());
        assertThat(lfs("POST", repo, "/locks", alice.writeToken(), "{\"path\":\"config.json\"}").statusCode())
                .isEqualTo(409);
        JsonNode verify = TestAccounts.json(lfs("POST", repo, "/locks/verify", alice.writeToken(), "{}").body());
        assertThat(verify.get("theirs").get(0).get("id").asString()).isEqualTo(lockId);
        assertThat(verify.get("ours")).isEmpty();
        assertThat(lfs("GET", repo, "/locks?path=config.json", null, null).body()).contains(lockId);
        assertThat(lfs("POST", repo, "/locks", null, "{\"path\":\"x\"}").headers()
                .firstValue("WWW-Authenticate")).isPresent();
        assertThat(lfs("POST", repo, "/locks", bob.readToken(), "{\"path\":\"x\"}").statusCode()).isEqualTo(403);

        commitFile(work, "config.json", "{\"changed\": true}\n");
        GitCli.Result byClient = git.run(work, "push", "origin", "main");
        assertThat(byClient.exitCode()).isNotZero();
        GitCli.Result byServer = git.run(work, "push", "--no-verify", "origin", "main");
        assertThat(byServer.exitCode()).isNotZero();
        assertThat(byServer.stderr()).contains("(locked by another user: config.json)")
                .contains("config.json (locked by " + bob.name() + ")");
        // Other paths are not blocked, by client or server.
        Path other = cloneForPush(repo, alice.writeToken());
        commitFile(other, "README.md", "free\n");

        // Scoped to the repository: the id means nothing elsewhere.
        String elsewhere = createRepo(bob, "elsewhere", false);
        assertThat(lfs("POST", elsewhere, "/locks/" + lockId + "/unlock", bob.writeToken(), "{\"force\":true}")
                .statusCode()).isEqualTo(404);
        // Not the owner: refused without force; with force only for admins of the namespace (alice is).
        TestAccounts.User carol = accounts.user("carol");
        accounts.addMember(org, carol, "write");
        assertThat(lfs("POST", repo, "/locks/" + lockId + "/unlock", carol.writeToken(), "{\"force\":true}")
                .statusCode()).isEqualTo(403);
        assertThat(lfs("POST", repo, "/locks/" + lockId + "/unlock", alice.writeToken(), "{}").statusCode())
                .isEqualTo(403);
        HttpResponse<String> forced = lfs("POST", repo, "/locks/" + lockId + "/unlock", alice.writeToken(),
                "{\"force\":true}");
        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);

        GitCli.Result after = git.run(work, "push", "origin", "main");
        assertThat(after.exitCode()).as(after.stderr()).isZero();
    }

    @Test
    void gitLfsLocksCommandsWorkAgainstTheHub() throws Exception {
        String repo = createRepo(alice, "lfs-cli", false);
        Path work = cloneForPush(repo, alice.writeToken());
        commitFile(work, "data.csv", "a,b\n");
        git.run(work, "push", "origin", "main").ok();

        git.run(work, "lfs", "lock", "data.csv").ok();
        assertThat(git.run(work, "lfs", "locks").ok().stdout()).contains("data.csv").contains(alice.name());
        git.run(work, "lfs", "unlock", "data.csv").ok();
        assertThat(git.run(work, "lfs", "locks").ok().stdout()).doesNotContain("data.csv");
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void pushesAndApiCommitsRacingOnOneBranchNeverLoseAnUpdate() throws Exception {
        String repo = createRepo(alice, "race", false);
        Path work = cloneForPush(repo, alice.writeToken());
        List<String> landed = new ArrayList<>();
        int rejectedPushes = 0;
        for (int round = 0; round < 6; round++) {
            git.run(work, "fetch", "origin").ok();
            git.run(work, "reset", "--hard", "origin/main").ok();
            commitFile(work, "push-" + round + ".txt", "push " + round + "\n");
            String pushed = git.run(work, "rev-parse", "HEAD").ok().stdout().strip();
            int r = round;
            CompletableFuture<HttpResponse<String>> api = CompletableFuture.supplyAsync(
                    () -> apiCommit(alice.writeToken(), repo, "main", "api-" + r + ".txt", "api " + r + "\n"));
            GitCli.Result push = git.run(work, "push", "origin", "main");
            HttpResponse<String> commit = api.join();
            assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);
            landed.add(TestAccounts.json(commit.body()).get("commitOid").asString());
            if (push.exitCode() == 0) {
                landed.add(pushed);
            } else {
                rejectedPushes++;
                assertThat(push.stderr()).containsAnyOf("fetch first", "[rejected]", "[remote rejected]");
            }
        }
        git.run(work, "fetch", "origin").ok();
        for (String sha : landed) {
            assertThat(git.run(work, "merge-base", "--is-ancestor", sha, "origin/main").exitCode())
                    .as("commit %s is in main", sha).isZero();
        }
        assertThat(apiSha(repo)).isEqualTo(git.run(work, "rev-parse", "origin/main").ok().stdout().strip());
        git.run(work, "fsck", "--no-dangling").ok();
        assertThat(landed.size()).isEqualTo(12 - rejectedPushes);
    }

    @Test
    void aPushWaitingForTheBranchLockIsRejectedCleanlyWhenAnApiCommitLandsFirst() throws Exception {
        String repo = createRepo(alice, "lock-order", false);
        UUID id = repos.find(new RepoRef(RepoType.MODEL, alice.name(), repo.substring(repo.indexOf('/') + 1)))
                .orElseThrow().id();
        Path work = cloneForPush(repo, alice.writeToken());
        commitFile(work, "pushed.txt", "pushed\n");
        ReentrantLock lock = gitService.branchLocks(id, List.of("main")).get(0);
        String apiCommit;
        CompletableFuture<GitCli.Result> push;
        lock.lock();
        try {
            push = CompletableFuture.supplyAsync(() -> git.run(work, "push", "origin", "main"));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!lock.hasQueuedThreads()) {
                assertThat(System.nanoTime()).as("the push waits for the branch lock").isLessThan(deadline);
                Thread.sleep(20);
            }
            // Same thread, reentrant lock: this commit lands while the push waits for its ref update.
            apiCommit = gitService.commit(new CommitRequest(id, "main", null, alice.name(), "a@example.test",
                    "api while pushing", "", List.of(new CommitOperation.PutFile("api.txt", new byte[] {'a'}))))
                    .commitSha();
        } finally {
            lock.unlock();
        }
        GitCli.Result result = push.get(120, TimeUnit.SECONDS);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("main -> main (fetch first: the branch moved while you pushed)");
        assertThat(apiSha(repo)).isEqualTo(apiCommit);
    }

    // ---------------------------------------------------------------- helpers

    private String createRepo(TestAccounts.User owner, String prefix, boolean isPrivate) {
        String name = TestAccounts.uniqueName(prefix);
        HttpResponse<String> created = accounts.call("POST", "/api/repos/create", owner.writeToken(),
                Map.of("name", name, "private", isPrivate));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return owner.name() + "/" + name;
    }

    private HttpResponse<String> apiCommit(String token, String repo, String branch, String path, String content) {
        String body = "{\"key\":\"header\",\"value\":{\"summary\":\"api " + path + "\",\"description\":\"\"}}\n"
                + "{\"key\":\"file\",\"value\":{\"path\":\"" + path + "\",\"content\":\""
                + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))
                + "\",\"encoding\":\"base64\"}}\n";
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/models/" + repo + "/commit/" + branch))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> lfs(String method, String repo, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/" + repo + ".git/info/lfs" + path))
                .header("Accept", "application/vnd.git-lfs+json");
        if (token != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("git:" + token).getBytes(StandardCharsets.UTF_8)));
        }
        if (body != null) {
            b.header("Content-Type", "application/vnd.git-lfs+json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(b.build());
    }

    private String apiSha(String repo) {
        return TestAccounts.json(get("/api/models/" + repo).body()).get("sha").asString();
    }

    private String url(String token, String repo) {
        return "http://" + (token == null ? "" : "user:" + token + "@") + "127.0.0.1:" + port + "/" + repo;
    }

    private Path cloneForPush(String repo, String token) {
        String dir = "clone-" + TestAccounts.uniqueName("w");
        git.run(tmp, "clone", url(token, repo), dir).ok();
        return tmp.resolve(dir);
    }

    private void commitFile(Path work, String path, String content) throws IOException {
        Files.writeString(work.resolve(path), content);
        git.run(work, "add", path).ok();
        git.run(work, "commit", "-m", "change " + path).ok();
    }

    private Path dir(String name) {
        try {
            return Files.createDirectories(tmp.resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String scrub(String stderr, String repo, TestAccounts.User user) {
        return stderr.replace(repo, "X").replace(user.writeToken(), "T");
    }

    /** Seeded pseudo-random bytes, so a failure reproduces; returns their sha256. */
    private static String writeRandom(Path file, int size, long seed) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                int n = Math.min(block.length, size - written);
                digest.update(block, 0, n);
                out.write(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
