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
 *
 * <p>{@code js-text.xorb} and {@code js-text.shard} were captured from {@code @huggingface/hub} 2.17.5
 * ({@code XetHubJsIntegrationTests}, which saves them under {@code target/xet-js-capture/}) uploading
 * {@code notes.txt} of {@code src/test/js/xet_js_roundtrip.mjs}: 11,117,610 bytes of one text block
 * repeated, so the xorb holds 6 distinct chunks (5 in the JS client's LZ4 frames, 1 BG4-LZ4) that
 * the shard's 50 terms reuse, and the shard ends in the JS client's 200-byte footer. Their entry in
 * the JSON is {@code js-text}.
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
