package org.selfhub.worker.task;

import ai.djl.huggingface.tokenizers.Encoding;
import java.util.ArrayList;
import java.util.List;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;

/** Text inputs: a string or a list of strings. */
final class Texts {

    private Texts() {
    }

    /** {@code "s"} → [s]; {@code ["a","b"]} → [a, b]; anything else is a 400. */
    static List<String> of(JsonNode inputs, String what) {
        List<String> out = new ArrayList<>();
        if (inputs.isString()) {
            out.add(inputs.stringValue());
        } else if (inputs.isArray() && !inputs.isEmpty()) {
            for (JsonNode n : inputs) {
                if (!n.isString()) {
                    throw TaskException.badInput(what + " must be a string or a list of strings");
                }
                out.add(n.stringValue());
            }
        } else {
            throw TaskException.badInput(what + " must be a string or a non-empty list of strings");
        }
        return out;
    }

    static String string(JsonNode node, String what) {
        if (node == null || !node.isString()) {
            throw TaskException.badInput(what + " must be a string");
        }
        return node.stringValue();
    }

    /** Encodes each text (with special tokens, truncated to the model's maximum length). */
    static Encoding[] encode(LoadedModel model, List<String> texts) {
        Encoding[] out = new Encoding[texts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = model.tokenizer().encode(texts.get(i));
        }
        return out;
    }
}
