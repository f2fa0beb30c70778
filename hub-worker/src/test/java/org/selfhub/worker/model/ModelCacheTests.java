package org.selfhub.worker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTests {

    @TempDir
    Path root;

    final List<String> downloaded = new ArrayList<>();

    ModelCache.Source source(List<String> files) {
        return new ModelCache.Source() {
            @Override
            public List<String> listFiles() {
                return files;
            }

            @Override
            public void download(String path, Path target) throws java.io.IOException {
                downloaded.add(path);
                Files.writeString(target, path);
            }
        };
    }

    @Test
    void fetchesOnlyTheFilesTheWorkerNeedsOncePerCommit() throws Exception {
        ModelCache cache = new ModelCache(root);
        ModelKey key = new ModelKey("org/model", "a".repeat(40));
        List<String> repo = List.of("README.md", "config.json", "model.safetensors", "pytorch_model.bin",
                "onnx/model.onnx", "onnx/model_quantized.onnx", "tokenizer.json", "tokenizer_config.json",
                "modules.json", "1_Pooling/config.json", "vocab.txt");
        Path dir = cache.ensure(key, source(repo));
        assertThat(downloaded).containsExactlyInAnyOrder("config.json", "onnx/model.onnx", "tokenizer.json",
                "tokenizer_config.json", "modules.json", "1_Pooling/config.json");
        assertThat(dir).isEqualTo(root.resolve("models--org--model").resolve("a".repeat(40)));
        assertThat(Files.readString(dir.resolve("onnx/model.onnx"))).isEqualTo("onnx/model.onnx");
        assertThat(cache.ensure(key, source(repo))).isEqualTo(dir);
        assertThat(downloaded).hasSize(6);
    }

    @Test
    void refusesKeysThatWouldLeaveTheCache() {
        ModelCache cache = new ModelCache(root);
        assertThatThrownBy(() -> cache.directory(new ModelKey("../etc", "a".repeat(40)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.directory(new ModelKey("a/b/c", "x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
