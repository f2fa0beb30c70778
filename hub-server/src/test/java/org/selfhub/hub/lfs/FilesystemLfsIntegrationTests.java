package org.selfhub.hub.lfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The LFS cases on the filesystem store, where the hub's own signed URLs carry the bytes. */
class FilesystemLfsIntegrationTests extends LfsTransferIntegrationTests {

    private static final Path DATA_DIR = ownDataDir("it-lfs-fs-");

    @DynamicPropertySource
    static void ownContext(DynamicPropertyRegistry registry) {
        registry.add("hub.data-dir", DATA_DIR::toString);
        registry.add("hub.storage.type", () -> "filesystem");
    }

    @Override
    boolean hubReceivesBytes() {
        return true;
    }

    @Test
    void usesItsOwnDataDirectory() {
        assertThat(jdbc.sql("SHOW data_directory").query(String.class).single())
                .isEqualTo(DATA_DIR.resolve("postgres").toString());
    }

    @Test
    void streamsA150MegabyteUploadAndDownloadWithoutBufferingIt() throws Exception {
        long size = 150L * 1000 * 1000;
        String oid = sha256(generated(size));
        JsonNode object = batch(repo, owner.writeToken(), "upload", List.of("basic"), oid, size).get("objects").get(0);
        long heapBefore = usedHeap();

        HttpResponse<String> put = send(HttpRequest.newBuilder(href(object, "upload"))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> generated(size)), size))
                .build());

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(objects.findVerified(oid)).contains(new LfsObject(oid, size));
        JsonNode download = batch(repo, owner.readToken(), "download", List.of("basic"), oid, size)
                .get("objects").get(0);
        HttpResponse<InputStream> get = http.send(HttpRequest.newBuilder(href(download, "download")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(size);
        try (InputStream body = get.body()) {
            assertThat(sha256(body)).isEqualTo(oid);
        }
        // Streamed end to end: far less retained than the object (the test JVM runs with -Xmx1g).
        assertThat(usedHeap() - heapBefore).isLessThan(size / 2);
    }

    private static long usedHeap() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Deterministic pseudo-random bytes, produced as they are read. */
    private static InputStream generated(long size) {
        return new InputStream() {
            private final Random random = new Random(size);
            private final byte[] block = new byte[64 * 1024];
            private long produced;
            private int position = block.length;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (produced >= size) {
                    return -1;
                }
                if (position == block.length) {
                    random.nextBytes(block);
                    position = 0;
                }
                int n = (int) Math.min(Math.min(len, block.length - position), size - produced);
                System.arraycopy(block, position, b, off, n);
                position += n;
                produced += n;
                return n;
            }
        };
    }

    private static String sha256(InputStream in) {
        try (DigestInputStream digest = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
            digest.transferTo(OutputStreamSink.INSTANCE);
            return HexFormat.of().formatHex(digest.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
