package org.selfhub.worker.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which of a repository's files the worker needs, laid out as on the hub (inference-design.md §4.2):
 * one ONNX graph ({@code model.onnx} or the Xenova/optimum {@code onnx/model.onnx}, quantized variants
 * last) with its external data, the tokenizer, {@code config.json} and the small JSON side files.
 * Safetensors and PyTorch weights are never fetched.
 */
public final class ModelFiles {

    /** ONNX graphs in order of preference. */
    static final List<String> ONNX_CANDIDATES = List.of(
            "model.onnx", "onnx/model.onnx", "onnx/model_quantized.onnx", "model_quantized.onnx",
            "onnx/model_int8.onnx", "onnx/model_uint8.onnx", "onnx/model_fp16.onnx");

    private static final Set<String> SIDE_FILES = Set.of(
            "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "preprocessor_config.json", "modules.json",
            "config_sentence_transformers.json", "sentence_bert_config.json");

    private ModelFiles() {
    }

    /** The subset of {@code repoFiles} to download. */
    public static List<String> select(Collection<String> repoFiles) {
        List<String> wanted = new ArrayList<>();
        String onnx = ONNX_CANDIDATES.stream().filter(repoFiles::contains).findFirst()
                .orElseGet(() -> repoFiles.stream().filter(f -> f.endsWith(".onnx")).sorted().findFirst().orElse(null));
        for (String f : repoFiles) {
            String base = f.substring(f.lastIndexOf('/') + 1);
            boolean side = SIDE_FILES.contains(f)
                    // sentence-transformers module configs, e.g. 1_Pooling/config.json
                    || (f.indexOf('/') == f.lastIndexOf('/') && f.indexOf('/') > 0
                        && base.equals("config.json") && !f.startsWith("onnx/"));
            boolean graph = onnx != null && (f.equals(onnx) || f.startsWith(onnx + "_data") || f.equals(onnx + ".data"));
            if (side || graph) {
                wanted.add(f);
            }
        }
        return wanted;
    }

    /** The ONNX graph inside a model directory. */
    public static Optional<Path> onnxGraph(Path dir) throws IOException {
        for (String candidate : ONNX_CANDIDATES) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        for (Path sub : List.of(dir, dir.resolve("onnx"))) {
            if (Files.isDirectory(sub)) {
                try (var s = Files.list(sub)) {
                    Optional<Path> any = s.filter(p -> p.toString().endsWith(".onnx")).sorted().findFirst();
                    if (any.isPresent()) {
                        return any;
                    }
                }
            }
        }
        return Optional.empty();
    }
}
