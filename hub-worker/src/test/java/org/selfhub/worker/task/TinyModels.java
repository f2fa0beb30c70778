package org.selfhub.worker.task;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.selfhub.worker.device.Device;
import org.selfhub.worker.model.LoadedModel;
import org.selfhub.worker.model.ModelKey;
import org.selfhub.worker.model.OnnxModelLoader;

/**
 * Tiny ONNX graphs built at test time with Tribuo's generated ONNX protobuf classes, and a hand-written
 * WordPiece {@code tokenizer.json} (inference-design.md §5). The weights are kept so tests compute the
 * expected outputs themselves.
 */
public final class TinyModels {

    static final Device CPU = new Device("cpu", 0, "cpu", 1L << 30, "test");

    /** The vocabulary: ids are list positions. */
    static final List<String> VOCAB = List.of(
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "i", "love", "this", "movie", "##s",
            "hate", "paris", "is", "the", "capital", "of", "france", ".", "!", "?",
            "new", "york", "john", "lives", "in", "where", "does", "live", "example", "about",
            "sports", "politics", "city", "a", "good", "bad");

    public static int id(String token) {
        int i = VOCAB.indexOf(token);
        if (i < 0) {
            throw new IllegalArgumentException(token);
        }
        return i;
    }

    public static final int V = VOCAB.size();

    private TinyModels() {
    }

    // ---- tokenizer ----------------------------------------------------------------------------------

    /** BERT-style WordPiece tokenizer; {@code withPostProcessor=false} adds no [CLS]/[SEP] (for the LM). */
    public static String tokenizerJson(boolean withPostProcessor) {
        StringBuilder added = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            added.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"content\":\"").append(VOCAB.get(i))
                    .append("\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}");
        }
        StringBuilder vocab = new StringBuilder();
        for (int i = 0; i < V; i++) {
            vocab.append(i == 0 ? "" : ",").append('"').append(VOCAB.get(i)).append("\":").append(i);
        }
        String post = withPostProcessor
                ? "{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",3],\"cls\":[\"[CLS]\",2]}" : "null";
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[" + added + "],"
                + "\"normalizer\":{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,"
                + "\"strip_accents\":null,\"lowercase\":true},"
                + "\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},"
                + "\"post_processor\":" + post + ","
                + "\"decoder\":{\"type\":\"WordPiece\",\"prefix\":\"##\",\"cleanup\":true},"
                + "\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"continuing_subword_prefix\":\"##\","
                + "\"max_input_chars_per_word\":100,\"vocab\":{" + vocab + "}}}";
    }

    // ---- weights ------------------------------------------------------------------------------------

    public static float[][] random(int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) (r.nextGaussian() * 0.5);
            }
        }
        return m;
    }

    static float[] flat(float[][] m) {
        float[] out = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
        }
        return out;
    }

    // ---- graphs -------------------------------------------------------------------------------------

    /** {@code logits[N,L,C] = E[input_ids] · W + b}: token classification, fill-mask, the bigram LM. */
    static byte[] tokenLogits(float[][] e, float[][] w, float[] b) {
        int c = w[0].length;
        return model(
                List.of(node("Gather", List.of("E", "input_ids"), List.of("h")),
                        node("MatMul", List.of("h", "W"), List.of("hw")),
                        node("Add", List.of("hw", "b"), List.of("logits"))),
                List.of(tensor("E", e), tensor("W", w), tensor("b", new long[] {c}, b)),
                List.of(intInput("input_ids")),
                List.of(floatValue("logits", "batch", "seq", c)));
    }

    /** {@code logits[N,C] = mean_L(E[input_ids]) · W + b}: sequence classification and NLI. */
    public static byte[] sequenceLogits(float[][] e, float[][] w, float[] b) {
        int c = w[0].length;
        return model(
                List.of(node("Gather", List.of("E", "input_ids"), List.of("h")),
                        node("ReduceMean", List.of("h"), List.of("m"),
                                AttributeProto.newBuilder().setName("axes").setType(AttributeProto.AttributeType.INTS).addInts(1).build(),
                                AttributeProto.newBuilder().setName("keepdims").setType(AttributeProto.AttributeType.INT).setI(0).build()),
                        node("MatMul", List.of("m", "W"), List.of("mw")),
                        node("Add", List.of("mw", "b"), List.of("logits"))),
                List.of(tensor("E", e), tensor("W", w), tensor("b", new long[] {c}, b)),
                List.of(intInput("input_ids")),
                List.of(floatValue("logits", "batch", c)));
    }

    /** {@code start_logits[N,L] = S[input_ids]}, {@code end_logits[N,L] = T[input_ids]}: extractive QA. */
    static byte[] spanLogits(float[] s, float[] t) {
        return model(
                List.of(node("Gather", List.of("S", "input_ids"), List.of("start_logits")),
                        node("Gather", List.of("T", "input_ids"), List.of("end_logits"))),
                List.of(tensor("S", new long[] {s.length}, s), tensor("T", new long[] {t.length}, t)),
                List.of(intInput("input_ids")),
                List.of(floatValue("start_logits", "batch", "seq"), floatValue("end_logits", "batch", "seq")));
    }

    /** {@code logits[1,C] = GlobalAveragePool(pixel_values) · W + b}: image classification. */
    static byte[] imageLogits(float[][] w, float[] b) {
        int c = w[0].length;
        ValueInfoProto pixels = ValueInfoProto.newBuilder().setName("pixel_values").setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape("batch", 3, "height", "width")))).build();
        return model(
                List.of(node("GlobalAveragePool", List.of("pixel_values"), List.of("p")),
                        node("Flatten", List.of("p"), List.of("f")),
                        node("Gemm", List.of("f", "W", "b"), List.of("logits"))),
                List.of(tensor("W", w), tensor("b", new long[] {c}, b)),
                List.of(pixels),
                List.of(floatValue("logits", "batch", c)));
    }

    private static byte[] model(List<NodeProto> nodes, List<TensorProto> inits, List<ValueInfoProto> inputs,
                                List<ValueInfoProto> outputs) {
        GraphProto graph = GraphProto.newBuilder().setName("tiny").addAllNode(nodes).addAllInitializer(inits)
                .addAllInput(inputs).addAllOutput(outputs).build();
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("hub-worker-tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(graph)
                .build().toByteArray();
    }

    private static NodeProto node(String op, List<String> in, List<String> out, AttributeProto... attributes) {
        return NodeProto.newBuilder().setOpType(op).setName(op + "_" + out.get(0)).addAllInput(in).addAllOutput(out)
                .addAllAttribute(List.of(attributes)).build();
    }

    private static TensorProto tensor(String name, float[][] m) {
        return tensor(name, new long[] {m.length, m[0].length}, flat(m));
    }

    private static TensorProto tensor(String name, long[] dims, float[] data) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (float f : data) {
            t.addFloatData(f);
        }
        return t.build();
    }

    private static ValueInfoProto intInput(String name) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.INT64.getNumber())
                        .setShape(shape("batch", "seq")))).build();
    }

    private static ValueInfoProto floatValue(String name, Object... dims) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape(dims)))).build();
    }

    private static TensorShapeProto shape(Object... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String) {
                s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam((String) d));
            } else {
                s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
            }
        }
        return s.build();
    }

    // ---- model directories --------------------------------------------------------------------------

    /** Writes {@code model.onnx}, {@code tokenizer.json} (when {@code tokenizer} is not null) and the JSON files. */
    public static Path write(Path dir, byte[] onnx, String tokenizer, Map<String, String> jsonFiles) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.onnx"), onnx);
        if (tokenizer != null) {
            Files.writeString(dir.resolve("tokenizer.json"), tokenizer);
        }
        for (Map.Entry<String, String> f : jsonFiles.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        return dir;
    }

    static LoadedModel load(Path dir) throws Exception {
        return OnnxModelLoader.load(new ModelKey("test/" + dir.getFileName(), "1".repeat(40)), dir, CPU, 1);
    }

    /** {@code {"id2label":{"0":"a",…},"label2id":{…}}} plus extra config JSON members. */
    public static String config(List<String> labels, String extra) {
        Map<String, String> m = new LinkedHashMap<>();
        StringBuilder id2label = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            id2label.append(i == 0 ? "" : ",").append("\"").append(i).append("\":\"").append(labels.get(i)).append('"');
            m.put(labels.get(i), Integer.toString(i));
        }
        return "{\"model_type\":\"bert\",\"id2label\":{" + id2label + "}" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    // ---- expected values in double precision ----------------------------------------------------------

    static double[] softmax(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.exp(x[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < x.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    /** {@code v · W + b}. */
    static double[] affine(double[] v, float[][] w, float[] b) {
        double[] out = new double[w[0].length];
        for (int j = 0; j < out.length; j++) {
            double s = b[j];
            for (int i = 0; i < v.length; i++) {
                s += v[i] * w[i][j];
            }
            out[j] = s;
        }
        return out;
    }

    static double[] row(float[][] e, int i) {
        double[] out = new double[e[i].length];
        for (int j = 0; j < out.length; j++) {
            out[j] = e[i][j];
        }
        return out;
    }

    static double[] meanRows(float[][] e, long[] ids) {
        double[] out = new double[e[0].length];
        for (long id : ids) {
            for (int j = 0; j < out.length; j++) {
                out[j] += e[(int) id][j] / (double) ids.length;
            }
        }
        return out;
    }

    static List<Integer> ids(String... tokens) {
        List<Integer> out = new ArrayList<>();
        for (String t : tokens) {
            out.add(id(t));
        }
        return out;
    }
}
