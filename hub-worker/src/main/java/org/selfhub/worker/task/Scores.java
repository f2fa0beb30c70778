package org.selfhub.worker.task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Softmax, sigmoid, labels and the sorted {@code [{"label","score"}]} lists that many tasks return. */
final class Scores {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Scores() {
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = Math.exp(logits[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** {@code config.json} {@code id2label[i]}, or {@code LABEL_i} as transformers names them. */
    static String label(JsonNode config, int i) {
        JsonNode l = config.path("id2label").path(Integer.toString(i));
        return l.isString() ? l.stringValue() : "LABEL_" + i;
    }

    /** The index whose {@code id2label} starts with {@code prefix} (case-insensitive), or -1. */
    static int labelIndex(JsonNode config, String prefix, int numLabels) {
        for (int i = 0; i < numLabels; i++) {
            if (label(config, i).toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    record Scored(String label, double score) {
    }

    /** Sorted by score descending (stable), cut to {@code topK} when it is positive. */
    static ArrayNode labelScores(List<Scored> scored, int topK) {
        List<Scored> sorted = new ArrayList<>(scored);
        sorted.sort(Comparator.comparingDouble(Scored::score).reversed());
        ArrayNode out = NODES.arrayNode();
        int n = topK > 0 ? Math.min(topK, sorted.size()) : sorted.size();
        for (int i = 0; i < n; i++) {
            out.addObject().put("label", sorted.get(i).label()).put("score", sorted.get(i).score());
        }
        return out;
    }

    /** A positive {@code top_k}, or {@code fallback} when absent; 400 on a bad value. */
    static int topK(JsonNode params, int fallback) {
        JsonNode k = params.get("top_k");
        if (k == null || k.isNull()) {
            return fallback;
        }
        if (!k.canConvertToInt() || k.asInt() < 1) {
            throw TaskException.badInput("top_k must be an integer ≥ 1");
        }
        return k.asInt();
    }

    /** Code-point offsets to a Java (UTF-16) substring. */
    static String substringByCodePoints(String s, int start, int end) {
        int from = s.offsetByCodePoints(0, Math.min(start, s.codePointCount(0, s.length())));
        int to = s.offsetByCodePoints(0, Math.min(end, s.codePointCount(0, s.length())));
        return s.substring(from, to);
    }
}
