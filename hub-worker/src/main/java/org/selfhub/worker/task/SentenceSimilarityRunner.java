package org.selfhub.worker.task;

import java.util.ArrayList;
import java.util.List;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code sentence-similarity}: {@code {"inputs":{"source_sentence","sentences"}}} → {@code [0.77,0.45,…]},
 * the cosine of the pooled, normalised embeddings (inference-design.md §1.3).
 */
public final class SentenceSimilarityRunner implements TaskRunner {

    @Override
    public String task() {
        return "sentence-similarity";
    }

    @Override
    public JsonNode run(LoadedModel model, TaskRequest request) throws Exception {
        JsonNode inputs = request.inputs();
        String source = Texts.string(inputs.get("source_sentence"), "inputs.source_sentence");
        List<String> sentences = Texts.of(inputs.path("sentences"), "inputs.sentences");
        List<String> all = new ArrayList<>();
        all.add(source);
        all.addAll(sentences);
        List<float[]> v = SentenceEmbedder.embed(model, all, true, 0);
        ArrayNode out = Scores.NODES.arrayNode();
        for (int i = 1; i < v.size(); i++) {
            out.add((float) SentenceEmbedder.cosine(v.get(0), v.get(i)));
        }
        return out;
    }
}
