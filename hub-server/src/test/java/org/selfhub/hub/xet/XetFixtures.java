package org.selfhub.hub.xet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Xorbs and shards captured from the real hf_xet 1.8.0 ({@code huggingface_hub} 2.4.0) uploading
 * three small files: {@code random} (100 kB, chunks stored uncompressed, scheme 0), {@code text}
 * (400 kB, LZ4 frames, scheme 1) and {@code floats} (240 kB of float32, BG4-LZ4, scheme 2). The
 * JSON holds what hf_xet reported: file hash, size, sha256, and the xorb hash it posted to.
 */
final class XetFixtures {

    static final String[] NAMES = {"random", "text", "floats"};

    private static final JsonNode META = JsonMapper.builder().build().readTree(bytes("hf-xet-fixtures.json"));

    private XetFixtures() {
    }

    static byte[] xorb(String name) {
        return bytes("hf-xet-" + name + ".xorb");
    }

    static byte[] shard(String name) {
        return bytes("hf-xet-" + name + ".shard");
    }

    static String fileHash(String name) {
        return META.path(name).path("fileHash").asString();
    }

    static String xorbHash(String name) {
        return META.path(name).path("xorbHash").asString();
    }

    static String sha256(String name) {
        return META.path(name).path("sha256").asString();
    }

    static long size(String name) {
        return META.path(name).path("size").asLong();
    }

    static byte[] bytes(String resource) {
        try (InputStream in = XetFixtures.class.getResourceAsStream("/xet/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource xet/" + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
