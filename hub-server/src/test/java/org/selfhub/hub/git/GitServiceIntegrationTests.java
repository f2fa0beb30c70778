package org.selfhub.hub.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.repo.NewRepo;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.repo.RepoService;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoType;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;

/** The commit builder, compare-and-swap, revision parsing and the file index, against real JGit and PostgreSQL. */
class GitServiceIntegrationTests extends HubIntegrationTest {

    @Autowired
    GitService git;
    @Autowired
    FileIndex index;
    @Autowired
    GitRepositories repositories;
    @Autowired
    RepoService repos;

    private Repo repo;
    private String user;

    @BeforeEach
    void createRepository() {
        TestAccounts.User owner = TestAccounts.create(baseUrl(), ADMIN_TOKEN).user("gitowner");
        user = owner.name();
        Caller caller = new Caller(1L, user, false, "write", Map.of());
        repo = repos.create(caller, new NewRepo(RepoType.MODEL, null, TestAccounts.uniqueName("git"), false, null));
    }

    private CommitResult commit(String parent, CommitOperation... operations) {
        return git.commit(new CommitRequest(repo.id(), "main", parent, user, user + "@example.test", "test commit", "",
                List.of(operations)));
    }

    private static CommitOperation.PutFile put(String path, String content) {
        return new CommitOperation.PutFile(path, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void newRepositoryHasTheHubGitattributesOnMain() {
        String head = git.resolveCommit(repo.id(), "main");
        assertThat(git.resolveCommit(repo.id(), "HEAD")).isEqualTo(head);
        assertThat(index.files(repo.id(), head)).extracting(FileEntry::path).containsExactly(".gitattributes");
        assertThat(new String(git.readFile(repo.id(), head, ".gitattributes", 1 << 20).orElseThrow()))
                .isEqualTo(GitAttributes.defaultFor(RepoType.MODEL));
        try (Repository r = repositories.open(repo.id())) {
            assertThat(r.getConfig().getBoolean("receive", "autogc", true)).isFalse();
            assertThat(r.getFullBranch()).isEqualTo("refs/heads/main");
            assertThat(r.isBare()).isTrue();
            String id = repo.id().toString();
            assertThat(r.getDirectory().toPath()).isEqualTo(dataDir().toAbsolutePath().normalize()
                    .resolve("repos").resolve(id.substring(0, 2)).resolve(id + ".git"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void concurrentCommitsWithoutParentAreSerializedAndNoneIsLost() throws Exception {
        int threads = 8;
        int perThread = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                String last = null;
                for (int i = 0; i < perThread; i++) {
                    last = commit(null, put("t" + thread + "/f" + i + ".txt", "thread " + thread + " file " + i))
                            .commitSha();
                }
                return last;
            }));
        }
        for (Future<String> f : results) {
            f.get();
        }
        pool.shutdown();
        String head = git.resolveCommit(repo.id(), "main");
        assertThat(git.countCommits(repo.id(), head)).isEqualTo(1 + threads * perThread);
        List<FileEntry> files = index.files(repo.id(), head);
        assertThat(files).hasSize(1 + threads * perThread);
        assertThat(git.log(repo.id(), head, 0, 1000)).extracting(GitCommit::id).doesNotHaveDuplicates();
    }

    @Test
    void staleParentCommitIsRefusedWith412AndChangesNothing() {
        String first = git.resolveCommit(repo.id(), "main");
        String second = commit(first, put("a.txt", "a")).commitSha();
        assertThat(commit(second.substring(0, 7), put("b.txt", "b")).previousSha()).isEqualTo(second);
        String head = git.resolveCommit(repo.id(), "main");

        assertThatThrownBy(() -> commit(first, put("c.txt", "c")))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.code()).isEqualTo(HubErrorCode.PRECONDITION_FAILED);
                    assertThat(e.status().value()).isEqualTo(412);
                    assertThat(e.getMessage()).isEqualTo(
                            "The branch was updated since you opened this page. Please refresh and try again.");
                });
        assertThat(git.resolveCommit(repo.id(), "main")).isEqualTo(head);
    }

    @Test
    void deletionsOfMissingEntriesAreEntryNotFound() {
        commit(null, put("dir/a.txt", "a"), put("dir/sub/b.txt", "b"));
        assertThatThrownBy(() -> commit(null, new CommitOperation.DeleteFile("nope.txt")))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.code()).isEqualTo(HubErrorCode.ENTRY_NOT_FOUND));
        assertThatThrownBy(() -> commit(null, new CommitOperation.DeleteFolder("nodir/")))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.code()).isEqualTo(HubErrorCode.ENTRY_NOT_FOUND));
        String head = commit(null, new CommitOperation.DeleteFolder("dir/")).commitSha();
        assertThat(index.files(repo.id(), head)).extracting(FileEntry::path).containsExactly(".gitattributes");
    }

    @Test
    void lfsPointersAreIndexedAndTrackedInGitattributes() {
        String oid = "0123456789abcdef".repeat(4);
        String head = commit(null, new CommitOperation.PutLfsPointer("weights/model.dat", oid, 1234567)).commitSha();
        FileEntry entry = index.find(repo.id(), head, "weights/model.dat").orElseThrow();
        assertThat(entry.isLfs()).isTrue();
        assertThat(entry.size()).isEqualTo(1234567);
        assertThat(entry.lfsOid()).isEqualTo(oid);
        assertThat(entry.pointerSize()).isEqualTo(LfsPointers.encode(oid, 1234567).length);
        String attributes = new String(git.readFile(repo.id(), head, ".gitattributes", 1 << 20).orElseThrow());
        assertThat(attributes).endsWith("\nweights/model.dat filter=lfs diff=lfs merge=lfs -text\n");
        assertThat(index.find(repo.id(), head, "weights").orElseThrow().directory()).isTrue();
    }

    @Test
    void revisionsAreParsedExplicitly() throws Exception {
        String c1 = git.resolveCommit(repo.id(), "main");
        String c2 = commit(null, put("x.txt", "x")).commitSha();
        git.createTag(repo.id(), "v1", c1, "annotated", user);
        git.createTag(repo.id(), "light", "main", null, user);
        git.createBranch(repo.id(), "feature/x", c1);
        try (Repository r = repositories.open(repo.id())) {
            RefUpdate pr = r.updateRef("refs/pr/1");
            pr.setNewObjectId(ObjectId.fromString(c1));
            assertThat(pr.update()).isEqualTo(RefUpdate.Result.NEW);
        }
        assertThat(git.resolveCommit(repo.id(), "v1")).isEqualTo(c1);
        assertThat(git.resolveCommit(repo.id(), "refs/tags/v1")).isEqualTo(c1);
        assertThat(git.resolveCommit(repo.id(), "light")).isEqualTo(c2);
        assertThat(git.resolveCommit(repo.id(), "feature/x")).isEqualTo(c1);
        assertThat(git.resolveCommit(repo.id(), "refs/heads/feature/x")).isEqualTo(c1);
        assertThat(git.resolveCommit(repo.id(), "refs/pr/1")).isEqualTo(c1);
        assertThat(git.resolveCommit(repo.id(), c2)).isEqualTo(c2);
        assertThat(git.resolveCommit(repo.id(), c2.toUpperCase())).isEqualTo(c2);
        assertThat(git.resolveCommit(repo.id(), c2.substring(0, 10))).isEqualTo(c2);
        for (String bad : List.of("main~1", "main^", "HEAD:README.md", "main@{0}", "../main", "refs/pr/x",
                "refs/meta/config", "0".repeat(40), "nope", ":/x", "main^{tree}", "")) {
            assertThatThrownBy(() -> git.resolveCommit(repo.id(), bad)).as(bad)
                    .isInstanceOfSatisfying(HubException.class,
                            e -> assertThat(e.code()).isEqualTo(HubErrorCode.REVISION_NOT_FOUND));
        }
        GitRefs refs = git.refs(repo.id());
        assertThat(refs.branches()).extracting(GitRef::name).containsExactlyInAnyOrder("main", "feature/x");
        assertThat(refs.tags()).containsExactlyInAnyOrder(new GitRef("light", "refs/tags/light", c2),
                new GitRef("v1", "refs/tags/v1", c1));
        assertThat(refs.pullRequests()).containsExactly(new GitRef("1", "refs/pr/1", c1));
        assertThatThrownBy(() -> git.createBranch(repo.id(), "feature/x", null))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(HubErrorCode.CONFLICT));
    }

    @Test
    void unchangedDirectoriesShareIndexRowsAcrossCommits() {
        commit(null, put("big/a.txt", "a"), put("big/b.txt", "b"), put("other/c.txt", "c"));
        String before = git.resolveCommit(repo.id(), "main");
        String after = commit(null, put("other/d.txt", "d")).commitSha();
        assertThat(index.find(repo.id(), before, "big").orElseThrow().oid())
                .isEqualTo(index.find(repo.id(), after, "big").orElseThrow().oid());
        Set<String> paths = index.files(repo.id(), after).stream().map(FileEntry::path).collect(Collectors.toSet());
        assertThat(paths).containsExactlyInAnyOrder(".gitattributes", "big/a.txt", "big/b.txt", "other/c.txt",
                "other/d.txt");
    }

    @Test
    void landedCommitsGetRepackedIntoABitmappedPackInTheBackground() throws Exception {
        String parent = null;
        for (int i = 0; i < 40; i++) {
            parent = commit(parent, put("file-" + i + ".txt", "content " + i)).commitSha();
        }
        java.nio.file.Path packDir = repositories.directory(repo.id()).resolve("objects/pack");
        long deadline = System.nanoTime() + 60_000_000_000L;
        boolean bitmapped = false;
        while (!bitmapped && System.nanoTime() < deadline) {
            Thread.sleep(200);
            try (var packs = java.nio.file.Files.list(packDir)) {
                bitmapped = packs.anyMatch(p -> p.getFileName().toString().endsWith(".bitmap"));
            } catch (java.nio.file.NoSuchFileException e) {
                bitmapped = false;
            }
        }
        assertThat(bitmapped).as("a bitmap index was written").isTrue();
        assertThat(git.resolveCommit(repo.id(), "main")).isEqualTo(parent);
        assertThat(git.readFile(repo.id(), parent, "file-39.txt", 100)).hasValueSatisfying(
                b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("content 39"));
        assertThat(git.countCommits(repo.id(), parent)).isEqualTo(41);
    }
}
