package org.selfhub.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
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
