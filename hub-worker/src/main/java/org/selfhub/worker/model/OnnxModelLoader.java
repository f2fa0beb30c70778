package org.selfhub.worker.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.selfhub.worker.device.Device;
import tools.jackson.databind.JsonNode;

/**
 * Loads a model directory into ONNX Runtime and DJL's tokenizer.
 *
 * <p>The size estimate follows inference-design.md §3.4: the graph and its external data × 1.3, plus
 * the tokenizer file. After loading, the process's resident-set growth is measured as well (loads are
 * one at a time in {@link ModelPool}) and the larger of the two is kept.
 */
public final class OnnxModelLoader implements ModelPool.Loader<LoadedModel> {

    private static final System.Logger LOG = System.getLogger(OnnxModelLoader.class.getName());
    private static final int DEFAULT_MAX_LENGTH = 512;

    private final Function<ModelKey, Path> directories;
    private final Device device;
    private final int intraOpThreads;

    /**
     * @param directories    the local directory of each model (from the disk cache)
     * @param intraOpThreads threads per session: cores ÷ concurrent jobs (§4.2)
     */
    public OnnxModelLoader(Function<ModelKey, Path> directories, Device device, int intraOpThreads) {
        this.directories = directories;
        this.device = device;
        this.intraOpThreads = Math.max(1, intraOpThreads);
    }

    @Override
    public long estimateBytes(ModelKey key) throws IOException {
        return estimateDirectory(directories.apply(key));
    }

    /** Sum of ONNX graph and external data × 1.3, plus the tokenizer. */
    public static long estimateDirectory(Path dir) throws IOException {
        long weights = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".onnx") || name.contains(".onnx_data") || name.endsWith(".onnx.data")) {
                    weights += Files.size(p);
                }
            }
        }
        Path tok = dir.resolve("tokenizer.json");
        long tokenizer = Files.isRegularFile(tok) ? Files.size(tok) * 4 : 0;
        return (long) (weights * 1.3) + tokenizer;
    }

    @Override
    public LoadedModel load(ModelKey key) throws IOException, OrtException {
        return load(key, directories.apply(key), device, intraOpThreads);
    }

    @Override
    public long bytes(LoadedModel model) {
        return model.bytes();
    }

    /** Loads a model directory (also for tests and tools that hold a plain directory). */
    public static LoadedModel load(ModelKey key, Path dir, Device device, int intraOpThreads) throws IOException, OrtException {
        Path graph = ModelFiles.onnxGraph(dir).orElseThrow(
                () -> new IOException("model " + key + " has no ONNX graph (model.onnx or onnx/model.onnx)"));
        long estimate = estimateDirectory(dir);
        long rssBefore = residentBytes();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (device.isCuda()) {
                try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(device.index())) {
                    // Keep the arena bounded and predictable (§3.4).
                    cuda.add("arena_extend_strategy", "kSameAsRequested");
                    options.addCUDA(cuda);
                }
            }
            session = env.createSession(graph.toString(), options);
        }
        HuggingFaceTokenizer tokenizer = null;
        int maxLength = maxLength(dir);
        try {
            Path tok = dir.resolve("tokenizer.json");
            if (Files.isRegularFile(tok)) {
                // DJL ignores the padding/truncation sections of tokenizer.json, so both are set here (§4.1).
                tokenizer = HuggingFaceTokenizer.builder()
                        .optTokenizerPath(tok)
                        .optAddSpecialTokens(true)
                        .optTruncation(true)
                        .optPadding(false)
                        .optMaxLength(maxLength)
                        .build();
            }
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
        long measured = Math.max(0, residentBytes() - rssBefore);
        long bytes = Math.max(estimate, measured);
        LOG.log(System.Logger.Level.DEBUG, "model " + key + ": estimate " + estimate + ", RSS growth " + measured);
        return new LoadedModel(key, dir, session, tokenizer, maxLength, device, bytes);
    }

    /** {@code tokenizer_config.json} {@code model_max_length}, else {@code max_position_embeddings}, else 512. */
    static int maxLength(Path dir) {
        JsonNode tc = LoadedModel.readJson(dir, "tokenizer_config.json");
        double m = tc.path("model_max_length").asDouble(0);
        if (m > 0 && m < 1_000_000) {
            return (int) m;
        }
        JsonNode st = LoadedModel.readJson(dir, "sentence_bert_config.json");
        int stMax = st.path("max_seq_length").asInt(0);
        if (stMax > 0) {
            return stMax;
        }
        JsonNode config = LoadedModel.readJson(dir, "config.json");
        int pos = config.path("max_position_embeddings").asInt(0);
        if (pos <= 0) {
            pos = config.path("n_positions").asInt(0);
        }
        return pos > 0 ? Math.min(pos, 8192) : DEFAULT_MAX_LENGTH;
    }

    /** The process's resident set from /proc, or 0 where there is none. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: rely on the estimate
        }
        return 0;
    }
}
