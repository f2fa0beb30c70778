package org.selfhub.worker.task;

import ai.djl.huggingface.tokenizers.Encoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code text-classification} → {@code [[{"label","score"},…]]}, sorted by score descending, one inner
 * list per input text (inference-design.md §1.3). Without {@code top_k} every label is returned, as the
 * API did for {@code parameters:{}}. The default function is sigmoid for
 * {@code problem_type=multi_label_classification} or a single label, else softmax.
 */
public final class TextClassificationRunner implements TaskRunner {

    @Override
    public String task() {
        return "text-classification";
    }

    @Override
    public JsonNode run(LoadedModel model, TaskRequest request) throws Exception {
        JsonNode params = request.parameters();
        int topK = Scores.topK(params, 0);
        String function = params.path("function_to_apply").asString(null);
        Encoding[] encodings = encodings(model, request.inputs());
        FloatTensor logits = Sessions.output(Sessions.run(model, encodings), "logits");
        int labels = logits.dim(1);
        String fn = function != null ? function.toLowerCase(Locale.ROOT) : defaultFunction(model.config(), labels);
        ArrayNode out = Scores.NODES.arrayNode();
        for (int i = 0; i < encodings.length; i++) {
            float[] row = logits.row(i);
            double[] scores = apply(fn, row);
            List<Scores.Scored> scored = new ArrayList<>();
            for (int c = 0; c < labels; c++) {
                scored.add(new Scores.Scored(Scores.label(model.config(), c), scores[c]));
            }
            out.add(Scores.labelScores(scored, topK));
        }
        return out;
    }

    static String defaultFunction(JsonNode config, int labels) {
        boolean multiLabel = "multi_label_classification".equals(config.path("problem_type").asString(""));
        return multiLabel || labels == 1 ? "sigmoid" : "softmax";
    }

    static double[] apply(String function, float[] logits) {
        switch (function) {
            case "softmax":
                return Scores.softmax(logits);
            case "sigmoid": {
                double[] out = new double[logits.length];
                for (int i = 0; i < logits.length; i++) {
                    out[i] = Scores.sigmoid(logits[i]);
                }
                return out;
            }
            case "none": {
                double[] out = new double[logits.length];
                for (int i = 0; i < logits.length; i++) {
                    out[i] = logits[i];
                }
                return out;
            }
            default:
                throw TaskException.badInput("function_to_apply must be sigmoid, softmax or none");
        }
    }

    /** A string, a list of strings, or {@code {"text","text_pair"}} for pair classification. */
    private static Encoding[] encodings(LoadedModel model, JsonNode inputs) {
        if (inputs.isObject() && inputs.has("text")) {
            String text = Texts.string(inputs.get("text"), "inputs.text");
            JsonNode pair = inputs.get("text_pair");
            return new Encoding[] {pair == null || pair.isNull() ? model.tokenizer().encode(text)
                    : model.tokenizer().encode(text, Texts.string(pair, "inputs.text_pair"))};
        }
        return Texts.encode(model, Texts.of(inputs, "inputs"));
    }
}
