package org.selfhub.worker.task;

import java.util.List;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code feature-extraction} (inference-design.md §1.3). Parameters are top-level (TEI style):
 * {@code normalize}, {@code prompt_name}, {@code truncate}, {@code truncation_direction}, {@code dimensions}.
 *
 * <ul>
 *   <li>sentence-transformers model: {@code [f…]} for a string, {@code [[f…],…]} for a list;
 *   <li>plain transformers model: token vectors, {@code [[[f…]…]]} for a string (batch of one, as the
 *       cassette for bart-base shows) and {@code [[[f…]…],…]} for a list (one token matrix per text,
 *       which keeps the nesting depth at 3, the most the JS client accepts).
 * </ul>
 */
public final class FeatureExtractionRunner implements TaskRunner {

    @Override
    public String task() {
        return "feature-extraction";
    }

    @Override
    public JsonNode run(LoadedModel model, TaskRequest request) throws Exception {
        JsonNode body = request.body();
        if (body == null) {
            throw TaskException.badInput("feature-extraction expects a JSON body");
        }
        List<String> texts = Texts.of(request.inputs(), "inputs");
        boolean single = request.inputs().isString();
        JsonNode params = request.parameters();
        String promptName = param(body, params, "prompt_name").asString(null);
        if (promptName != null) {
            JsonNode prompt = model.json("config_sentence_transformers.json").path("prompts").path(promptName);
            if (!prompt.isString()) {
                throw TaskException.badInput("prompt_name '" + promptName + "' is not one of the model's prompts");
            }
            texts = texts.stream().map(t -> prompt.stringValue() + t).toList();
        }
        String direction = param(body, params, "truncation_direction").asString("right");
        if (!direction.equalsIgnoreCase("right") && !direction.equalsIgnoreCase("left")) {
            throw TaskException.badInput("truncation_direction must be left or right");
        }
        boolean truncate = param(body, params, "truncate").asBoolean(true);
        var encodings = Texts.encode(model, texts);
        if (!truncate) {
            for (var e : encodings) {
                if (e.exceedMaxLength()) {
                    throw TaskException.badInput("Input validation error: inputs must have less than "
                            + model.maxLength() + " tokens");
                }
            }
        }
        ArrayNode out = Scores.NODES.arrayNode();
        if (SentenceEmbedder.isSentenceTransformers(model)) {
            JsonNode n = param(body, params, "normalize");
            boolean normalize = n.isBoolean() ? n.asBoolean() : SentenceEmbedder.hasNormalize(model);
            int dimensions = param(body, params, "dimensions").asInt(0);
            List<float[]> vectors = SentenceEmbedder.embed(model, texts, normalize, dimensions);
            for (float[] v : vectors) {
                out.add(vector(v));
            }
            return single ? out.get(0) : out;
        }
        List<float[][]> tokens = SentenceEmbedder.tokenVectors(model, encodings);
        for (float[][] rows : tokens) {
            ArrayNode m = Scores.NODES.arrayNode();
            for (float[] r : rows) {
                m.add(vector(r));
            }
            out.add(m);
        }
        return out;
    }

    /** A top-level parameter, else the same key under {@code parameters}. */
    private static JsonNode param(JsonNode body, JsonNode params, String key) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull()) {
            v = params.path(key);
        }
        return v;
    }

    static ArrayNode vector(float[] v) {
        ArrayNode a = Scores.NODES.arrayNode(v.length);
        for (float x : v) {
            a.add(x);
        }
        return a;
    }
}
