package org.selfhub.worker.task;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;

/**
 * Sentence-transformers embeddings: the transformer's token vectors pooled as
 * {@code 1_Pooling/config.json} says, L2-normalised when {@code modules.json} has a Normalize module
 * (inference-design.md §4.2). Pooling modes are concatenated in sentence-transformers' order:
 * cls, max, mean, mean_sqrt_len, lasttoken.
 */
final class SentenceEmbedder {

    private SentenceEmbedder() {
    }

    /** Whether the repository is a sentence-transformers model. */
    static boolean isSentenceTransformers(LoadedModel model) {
        return !model.json("modules.json").isMissingNode() || !model.json("1_Pooling/config.json").isMissingNode();
    }

    static boolean hasNormalize(LoadedModel model) {
        for (JsonNode m : model.json("modules.json")) {
            if (m.path("type").asString("").endsWith(".Normalize")) {
                return true;
            }
        }
        return false;
    }

    static JsonNode poolingConfig(LoadedModel model) {
        for (JsonNode m : model.json("modules.json")) {
            if (m.path("type").asString("").endsWith(".Pooling")) {
                JsonNode c = model.json(m.path("path").asString("1_Pooling") + "/config.json");
                if (!c.isMissingNode()) {
                    return c;
                }
            }
        }
        return model.json("1_Pooling/config.json");
    }

    /** Token-level vectors {@code [n][tokens][hidden]} with each text's own length (padding dropped). */
    static List<float[][]> tokenVectors(LoadedModel model, Encoding[] encodings) throws OrtException {
        Map<String, FloatTensor> out = Sessions.run(model, encodings);
        FloatTensor t = Sessions.output(out, "last_hidden_state", "token_embeddings");
        if (t.rank() != 3) {
            throw new IllegalStateException("expected token vectors [batch, seq, hidden], got rank " + t.rank());
        }
        List<float[][]> vectors = new ArrayList<>();
        for (int i = 0; i < encodings.length; i++) {
            int len = encodings[i].getIds().length;
            float[][] rows = new float[len][];
            for (int j = 0; j < len; j++) {
                rows[j] = t.row(i, j);
            }
            vectors.add(rows);
        }
        return vectors;
    }

    /** Pooled (not yet normalised) sentence vectors. */
    static List<float[]> pooled(LoadedModel model, Encoding[] encodings) throws OrtException {
        Map<String, FloatTensor> out = Sessions.run(model, encodings);
        FloatTensor sentence = out.get("sentence_embedding");
        List<float[]> result = new ArrayList<>();
        if (sentence != null && sentence.rank() == 2) {
            for (int i = 0; i < encodings.length; i++) {
                result.add(sentence.row(i));
            }
            return result;
        }
        FloatTensor t = Sessions.output(out, "last_hidden_state", "token_embeddings");
        if (t.rank() == 2) {
            for (int i = 0; i < encodings.length; i++) {
                result.add(t.row(i));
            }
            return result;
        }
        JsonNode pc = poolingConfig(model);
        boolean cls = pc.path("pooling_mode_cls_token").asBoolean(false);
        boolean max = pc.path("pooling_mode_max_tokens").asBoolean(false);
        boolean mean = pc.path("pooling_mode_mean_tokens").asBoolean(false);
        boolean meanSqrt = pc.path("pooling_mode_mean_sqrt_len_tokens").asBoolean(false);
        boolean last = pc.path("pooling_mode_lasttoken").asBoolean(false);
        if (pc.path("pooling_mode_weightedmean_tokens").asBoolean(false)) {
            throw new TaskException(500, "weighted-mean pooling is not supported by this worker");
        }
        if (!(cls || max || mean || meanSqrt || last)) {
            mean = true; // no pooling config: mean pooling, the sentence-transformers default
        }
        int hidden = t.dim(2);
        for (int i = 0; i < encodings.length; i++) {
            long[] mask = encodings[i].getAttentionMask();
            int len = encodings[i].getIds().length;
            List<float[]> parts = new ArrayList<>();
            if (cls) {
                parts.add(t.row(i, 0));
            }
            if (max) {
                float[] v = new float[hidden];
                java.util.Arrays.fill(v, -1e9f);
                for (int j = 0; j < len; j++) {
                    if (mask[j] != 0) {
                        for (int h = 0; h < hidden; h++) {
                            v[h] = Math.max(v[h], t.get(i, j, h));
                        }
                    }
                }
                parts.add(v);
            }
            if (mean || meanSqrt) {
                double[] sum = new double[hidden];
                int count = 0;
                for (int j = 0; j < len; j++) {
                    if (mask[j] != 0) {
                        count++;
                        for (int h = 0; h < hidden; h++) {
                            sum[h] += t.get(i, j, h);
                        }
                    }
                }
                int c = Math.max(count, 1);
                if (mean) {
                    float[] v = new float[hidden];
                    for (int h = 0; h < hidden; h++) {
                        v[h] = (float) (sum[h] / c);
                    }
                    parts.add(v);
                }
                if (meanSqrt) {
                    float[] v = new float[hidden];
                    for (int h = 0; h < hidden; h++) {
                        v[h] = (float) (sum[h] / Math.sqrt(c));
                    }
                    parts.add(v);
                }
            }
            if (last) {
                int lastIndex = 0;
                for (int j = 0; j < len; j++) {
                    if (mask[j] != 0) {
                        lastIndex = j;
                    }
                }
                parts.add(t.row(i, lastIndex));
            }
            result.add(concat(parts));
        }
        return result;
    }

    /** Pooled and (when asked) L2-normalised vectors, cut to {@code dimensions} when positive. */
    static List<float[]> embed(LoadedModel model, List<String> texts, boolean normalize, int dimensions) throws OrtException {
        List<float[]> vectors = pooled(model, Texts.encode(model, texts));
        List<float[]> out = new ArrayList<>();
        for (float[] v : vectors) {
            if (dimensions > 0) {
                if (dimensions > v.length) {
                    throw TaskException.badInput("dimensions must be at most " + v.length);
                }
                v = java.util.Arrays.copyOf(v, dimensions);
            }
            out.add(normalize ? l2Normalize(v) : v);
        }
        return out;
    }

    static float[] l2Normalize(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.max(Math.sqrt(na) * Math.sqrt(nb), 1e-12);
    }

    private static float[] concat(List<float[]> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int n = parts.stream().mapToInt(p -> p.length).sum();
        float[] out = new float[n];
        int k = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }
}
