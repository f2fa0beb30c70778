package org.selfhub.worker.task;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.selfhub.worker.device.Device;
import org.selfhub.worker.model.LoadedModel;
import org.selfhub.worker.model.ModelKey;
import org.selfhub.worker.model.OnnxModelLoader;

/**
 * The real all-MiniLM-L6-v2 (quantized) from langchain4j's test-scoped jar, laid out as the hub would
 * serve {@code sentence-transformers/all-MiniLM-L6-v2} with an ONNX export (inference-design.md §5).
 */
final class MiniLmModel {

    static final Device CPU = new Device("cpu", 0, "cpu", 1L << 30, "test");

    private MiniLmModel() {
    }

    /** Writes the model files into {@code dir}; with {@code sentenceTransformers} the ST side files too. */
    static Path write(Path dir, boolean sentenceTransformers) throws IOException {
        Files.createDirectories(dir.resolve("onnx"));
        copy("/all-minilm-l6-v2-q.onnx", dir.resolve("onnx/model.onnx"));
        copy("/all-minilm-l6-v2-q-tokenizer.json", dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("config.json"), """
                {"model_type":"bert","hidden_size":384,"num_hidden_layers":6,"max_position_embeddings":512,
                 "architectures":["BertModel"]}""");
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"model_max_length":256,"do_lower_case":true}""");
        if (sentenceTransformers) {
            Files.writeString(dir.resolve("modules.json"), """
                    [{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},
                     {"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"},
                     {"idx":2,"name":"2","path":"2_Normalize","type":"sentence_transformers.models.Normalize"}]""");
            Files.createDirectories(dir.resolve("1_Pooling"));
            Files.writeString(dir.resolve("1_Pooling/config.json"), """
                    {"word_embedding_dimension":384,"pooling_mode_cls_token":false,"pooling_mode_mean_tokens":true,
                     "pooling_mode_max_tokens":false,"pooling_mode_mean_sqrt_len_tokens":false}""");
        }
        return dir;
    }

    static LoadedModel load(Path dir) throws Exception {
        return OnnxModelLoader.load(new ModelKey("test/all-MiniLM-L6-v2", "0".repeat(40)), dir, CPU, 2);
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = MiniLmModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the test classpath");
            }
            Files.copy(in, target);
        }
    }
}
