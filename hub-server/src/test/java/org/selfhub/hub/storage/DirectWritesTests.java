package org.selfhub.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The O_DIRECT copy on the build's own filesystem (ext4 on these machines), byte for byte. */
class DirectWritesTests {

    private static final int CHUNK = DirectWrites.CHUNK_SIZE;

    private Path dir;

    @BeforeEach
    void createDir() {
        dir = TestDirectories.create("direct-");
    }

    @AfterEach
    void deleteDir() {
        TestDirectories.deleteRecursively(dir);
    }

    @Test
    void theBuildsFilesystemTakesDirectWrites() {
        assertThat(DirectWrites.probe(dir)).as("O_DIRECT on " + dir).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files).as("the probe leaves no file behind").isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Whole chunks, a padded tail, tails of one byte and one block, objects smaller than a block. */
    @ParameterizedTest
    @ValueSource(longs = {1, 4095, 4096, 4097, CHUNK - 1, CHUNK, CHUNK + 1, 2L * CHUNK, 3L * CHUNK + 12_345})
    void writesExactlyTheBytesAndTheLength(long size) throws IOException {
        GeneratedContent content = GeneratedContent.of(size, size);
        Path file = dir.resolve("object");

        long written;
        try (FileChannel channel = DirectWrites.open(file)) {
            written = DirectWrites.copy(content.stream(), channel, size);
        }

        assertThat(written).isEqualTo(size);
        assertThat(Files.size(file)).isEqualTo(size);
        assertThat(GeneratedContent.sha256Hex(Files.newInputStream(file))).isEqualTo(content.sha256Hex());
    }

    @Test
    void aSourceThatEndsEarlyLeavesAFileOfWhatArrived() throws IOException {
        GeneratedContent arrived = GeneratedContent.of(2L * CHUNK + 777, 7);
        Path file = dir.resolve("short");

        long written;
        try (FileChannel channel = DirectWrites.open(file)) {
            written = DirectWrites.copy(arrived.stream(), channel, 3L * CHUNK);
        }

        assertThat(written).isEqualTo(arrived.size());
        assertThat(Files.size(file)).isEqualTo(arrived.size());
        assertThat(GeneratedContent.sha256Hex(Files.newInputStream(file))).isEqualTo(arrived.sha256Hex());
    }

    @Test
    void aFailingSourceFailsTheCopyAndTheBuffersServeTheNextOne() throws IOException {
        InputStream failing = new SequenceInputStream(GeneratedContent.of(CHUNK + 5, 8).stream(), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("client went away");
            }
        });
        try (FileChannel channel = DirectWrites.open(dir.resolve("broken"))) {
            assertThatThrownBy(() -> DirectWrites.copy(failing, channel, 4L * CHUNK))
                    .isInstanceOf(IOException.class).hasMessage("client went away");
        }

        GeneratedContent next = GeneratedContent.of(2L * CHUNK + 3, 9);
        Path file = dir.resolve("next");
        try (FileChannel channel = DirectWrites.open(file)) {
            DirectWrites.copy(next.stream(), channel, next.size());
        }
        assertThat(GeneratedContent.sha256Hex(Files.newInputStream(file))).isEqualTo(next.sha256Hex());
    }
}
