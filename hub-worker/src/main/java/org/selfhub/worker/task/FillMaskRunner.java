package org.selfhub.worker.task;

import ai.djl.huggingface.tokenizers.Encoding;
import java.util.ArrayList;
import java.util.List;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code fill-mask} → {@code [{"sequence","score","token","token_str"}]} (all four are required by JS),
 * {@code top_k} 5, optional {@code targets}; no mask token is a 400 (§1.3). With several mask tokens the
 * result is one such list per mask, as transformers returns. {@code sequence} is decoded without special
 * tokens.
 */
public final class FillMaskRunner implements TaskRunner {

    @Override
    public String task() {
        return "fill-mask";
    }

    @Override
    public JsonNode run(LoadedModel model, TaskRequest request) throws Exception {
        String text = Texts.string(request.inputs(), "inputs");
        JsonNode params = request.parameters();
        int topK = Scores.topK(params, 5);
        String maskToken = maskToken(model);
        Encoding enc = model.tokenizer().encode(text);
        String[] tokens = enc.getTokens();
        long[] ids = enc.getIds();
        List<Integer> masks = new ArrayList<>();
        for (int j = 0; j < tokens.length; j++) {
            if (tokens[j].equals(maskToken)) {
                masks.add(j);
            }
        }
        if (masks.isEmpty()) {
            throw TaskException.badInput("No mask_token (" + maskToken + ") found on the input");
        }
        long[] targets = targets(model, params.get("targets"));
        FloatTensor logits = Sessions.output(Sessions.run(model, new Encoding[] {enc}), "logits");
        ArrayNode all = Scores.NODES.arrayNode();
        for (int m : masks) {
            double[] probs = Scores.softmax(logits.row(0, m));
            List<long[]> candidates = new ArrayList<>(); // {id}
            if (targets != null) {
                for (long t : targets) {
                    candidates.add(new long[] {t});
                }
            } else {
                for (int v = 0; v < probs.length; v++) {
                    candidates.add(new long[] {v});
                }
            }
            candidates.sort((a, b) -> Double.compare(probs[(int) b[0]], probs[(int) a[0]]));
            ArrayNode list = Scores.NODES.arrayNode();
            for (int k = 0; k < Math.min(topK, candidates.size()); k++) {
                long id = candidates.get(k)[0];
                long[] filled = ids.clone();
                filled[m] = id;
                list.addObject()
                        .put("score", (float) probs[(int) id])
                        .put("token", id)
                        .put("token_str", model.tokenizer().decode(new long[] {id}, false))
                        .put("sequence", model.tokenizer().decode(filled, true));
            }
            all.add(list);
        }
        return masks.size() == 1 ? all.get(0) : all;
    }

    /** {@code mask_token} from tokenizer_config.json or special_tokens_map.json, else {@code [MASK]}. */
    static String maskToken(LoadedModel model) {
        for (String file : List.of("tokenizer_config.json", "special_tokens_map.json")) {
            JsonNode m = model.json(file).path("mask_token");
            if (m.isString()) {
                return m.stringValue();
            }
            if (m.path("content").isString()) {
                return m.path("content").stringValue();
            }
        }
        return "[MASK]";
    }

    private static long[] targets(LoadedModel model, JsonNode targets) {
        if (targets == null || targets.isNull()) {
            return null;
        }
        List<String> list = Texts.of(targets, "targets");
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            long[] ids = model.tokenizer().encode(list.get(i), false, false).getIds();
            if (ids.length == 0) {
                throw TaskException.badInput("target '" + list.get(i) + "' is empty once tokenized");
            }
            out[i] = ids[0]; // transformers also keeps the first token of a multi-token target
        }
        return out;
    }
}
