package org.selfhub.worker.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.selfhub.worker.device.Device;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * A model loaded for inference: one ONNX Runtime session (thread-safe {@code run}, shared by all jobs
 * of the model, §4.2), its tokenizer when the repository has one, and its JSON side files.
 */
public final class LoadedModel implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ModelKey key;
    private final Path dir;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;
    private final Device device;
    private final long bytes;
    private final Map<String, JsonNode> jsonFiles = new ConcurrentHashMap<>();
    private final Map<String, Object> facts = new ConcurrentHashMap<>();

    LoadedModel(ModelKey key, Path dir, OrtSession session, HuggingFaceTokenizer tokenizer, int maxLength,
                Device device, long bytes) {
        this.key = key;
        this.dir = dir;
        this.session = session;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.device = device;
        this.bytes = bytes;
    }

    public ModelKey key() {
        return key;
    }

    public Path dir() {
        return dir;
    }

    public OrtSession session() {
        return session;
    }

    /** The tokenizer; fails for repositories without {@code tokenizer.json}. */
    public HuggingFaceTokenizer tokenizer() {
        if (tokenizer == null) {
            throw new IllegalStateException("model " + key + " has no tokenizer.json");
        }
        return tokenizer;
    }

    /** The maximum sequence length the tokenizer truncates to. */
    public int maxLength() {
        return maxLength;
    }

    public Device device() {
        return device;
    }

    public long bytes() {
        return bytes;
    }

    public Set<String> inputNames() {
        try {
            return session.getInputNames();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> outputNames() {
        return List.copyOf(session.getOutputNames());
    }

    public Map<String, NodeInfo> inputInfo() {
        try {
            return session.getInputInfo();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code config.json}, or an empty object. */
    public JsonNode config() {
        JsonNode c = json("config.json");
        return c.isMissingNode() ? JSON.createObjectNode() : c;
    }

    /** A JSON file of the repository, or a missing node. */
    public JsonNode json(String relativePath) {
        return jsonFiles.computeIfAbsent(relativePath, p -> readJson(dir, p));
    }

    /** A fact about the model computed once (e.g. whether padded batches are exact), then cached. */
    @SuppressWarnings("unchecked")
    public <V> V fact(String name, java.util.function.Supplier<V> compute) {
        return (V) facts.computeIfAbsent(name, n -> compute.get());
    }

    static JsonNode readJson(Path dir, String relativePath) {
        Path p = dir.resolve(relativePath);
        if (!Files.isRegularFile(p)) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(Files.readString(p));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + relativePath + " of " + "model: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws OrtException {
        try {
            if (tokenizer != null) {
                tokenizer.close();
            }
        } finally {
            session.close();
        }
    }
}
