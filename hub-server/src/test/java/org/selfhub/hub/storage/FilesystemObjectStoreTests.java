package org.selfhub.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilesystemObjectStoreTests extends ObjectStoreContractTests {

    private Path dataDir;
    private Path root;

    @Override
    protected ObjectStore createStore() {
        dataDir = TestDirectories.create("fs-store-");
        root = dataDir.resolve("objects");
        return new FilesystemObjectStore(root);
    }

    @AfterEach
    void deleteDataDir() {
        TestDirectories.deleteRecursively(dataDir);
    }

    @Override
    protected boolean signsUrls() {
        return false;
    }

    @Override
    protected List<String> everythingStored() throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(this::relative).toList();
        }
    }

    @Override
    protected void leaveTemporaryObject(String name) throws Exception {
        Path temporary = Files.writeString(root.resolve("tmp").resolve(name), "partial");
        Files.setLastModifiedTime(temporary, FileTime.from(Instant.now().minus(Duration.ofMinutes(10))));
    }

    @Test
    void createsTheRootAndItsTemporaryDirectoryWhenAbsent() {
        assertThat(root).isDirectory();
        assertThat(root.resolve("tmp")).isDirectory();
    }

    @Test
    void storesEachObjectAsAFileUnderItsKey() throws Exception {
        GeneratedContent content = GeneratedContent.of(1_000, 40);
        String key = lfsKey(content);

        store.put(key, content.stream(), content.size(), content.sha256Hex());

        Path file = root.resolve("lfs").resolve(content.sha256Hex().substring(0, 2))
                .resolve(content.sha256Hex().substring(2, 4)).resolve(content.sha256Hex());
        assertThat(file).isRegularFile().hasBinaryContent(content.bytes());
        assertThat(everythingStored()).containsExactly(key);
    }

    @Test
    void leavesNoTemporaryFileWhenVerificationFails() throws Exception {
        GeneratedContent content = GeneratedContent.of(200_000, 41);

        assertThatThrownBy(() -> store.put("a/b", content.stream(), content.size(), "f".repeat(64)))
                .isInstanceOf(ObjectVerificationException.class);

        try (Stream<Path> temporaries = Files.list(root.resolve("tmp"))) {
            assertThat(temporaries).isEmpty();
        }
        assertThat(root.resolve("a")).doesNotExist();
    }

    /**
     * Large writes hash on another thread and are written past the page cache (or, where the
     * filesystem refuses O_DIRECT, flushed behind): the same results, the same refusals.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aLargeWriteIsVerifiedWhileItsHashRunsInTheBackground(boolean direct) throws Exception {
        Path root = dataDir.resolve("objects-" + direct);
        FilesystemObjectStore store = new FilesystemObjectStore(root, direct);
        assertThat(store.writesDirect()).isEqualTo(direct);
        GeneratedContent content = GeneratedContent.of(40L * 1024 * 1024 + 12_345, 42);
        String key = lfsKey(content);

        StoredObject stored = store.put(key, content.stream(), content.size(), content.sha256Hex());

        assertThat(stored.sha256Hex()).isEqualTo(content.sha256Hex());
        assertThat(stored.size()).isEqualTo(content.size());
        assertThat(GeneratedContent.sha256Hex(Files.newInputStream(root.resolve(key)))).isEqualTo(content.sha256Hex());

        assertThatThrownBy(() -> store.put("big/wrong", content.stream(), content.size(), "e".repeat(64)))
                .isInstanceOf(ObjectVerificationException.class);
        assertThatThrownBy(() -> store.put("big/short", content.stream(), content.size() + 1, null))
                .isInstanceOf(ObjectVerificationException.class);
        InputStream failing = new java.io.SequenceInputStream(GeneratedContent.of(35L * 1024 * 1024, 43).stream(),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("client went away");
                    }
                });
        assertThatThrownBy(() -> store.put("big/broken", failing, content.size(), null))
                .isInstanceOf(ObjectStoreException.class).hasMessageContaining("big/broken");
        try (Stream<Path> temporaries = Files.list(root.resolve("tmp"))) {
            assertThat(temporaries).isEmpty();
        }
        assertThat(root.resolve("big")).doesNotExist();
        // No hashing thread is left waiting for bytes that will never come (an idle pooled thread
        // waits with a timeout; an abandoned hash would wait without one).
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (stuckHashers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stuckHashers()).isZero();
    }

    private static long stuckHashers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(StoreThreads.NAME) && t.getState() == Thread.State.WAITING)
                .count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside", "a/../../outside", "/tmp/outside", "..\\outside", "a/../../../outside"})
    void neverWritesOutsideTheRoot(String key) throws Exception {
        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(new byte[1]), 1, null))
                .isInstanceOf(IllegalArgumentException.class);

        try (Stream<Path> files = Files.walk(dataDir)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void deletingADirectoryKeyLeavesTheObjectsBelowIt() {
        store.put("dir/file", new ByteArrayInputStream(new byte[3]), 3, null);

        store.delete("dir");

        assertThat(store.exists("dir/file")).isTrue();
    }

    @Test
    void checkFailsWithTheRootWhenTheDirectoryIsGone() throws Exception {
        TestDirectories.deleteRecursively(root);

        assertThatThrownBy(store::check)
                .isInstanceOf(ObjectStoreException.class)
                .hasMessage("Filesystem store at " + root + " is not a writable directory");
    }

    @Test
    void putFailsWithAOneLineMessageWhenAFileBlocksTheKeysDirectory() {
        store.put("a", new ByteArrayInputStream(new byte[1]), 1, null);

        assertThatThrownBy(() -> store.put("a/b", new ByteArrayInputStream(new byte[1]), 1, null))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageStartingWith("Filesystem store at " + root + " failed to write a/b (")
                .hasMessageNotContaining("\n");
        assertThat(keys("")).containsExactly("a");
    }

    @Test
    void refusesToCreateARootWhereAFileIs() throws Exception {
        Path file = Files.writeString(dataDir.resolve("not-a-directory"), "x", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new FilesystemObjectStore(file))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageStartingWith("Filesystem store at " + file + " failed to create its directory");
    }

    private String relative(Path file) {
        return StreamSupport.stream(root.relativize(file).spliterator(), false)
                .map(Path::toString).collect(Collectors.joining("/"));
    }
}
