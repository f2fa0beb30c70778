package org.selfhub.worker.task;

import ai.djl.huggingface.tokenizers.Encoding;
import java.util.ArrayList;
import java.util.List;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code zero-shot-classification} with an NLI model: each (text, template(label)) pair is classified and
 * the entailment logit (from {@code config.json} {@code id2label}) scores the label, as transformers'
 * {@code ZeroShotClassificationPipeline} does: softmax of the entailment logits across labels, or with
 * {@code multi_label} (or one label) softmax of [contradiction (index 0), entailment] per label.
 *
 * <p>Two response shapes (§1.3): the current {@code [{"label","score"}]} sorted, or — when the hub passes
 * the job option {@code "zeroShotFormat":"legacy"} — the old {@code {"sequence","labels","scores"}} that
 * huggingface_hub ≤ 1.1 reads.
 */
public final class ZeroShotClassificationRunner implements TaskRunner {

    @Override
    public String task() {
        return "zero-shot-classification";
    }

    @Override
    public JsonNode run(LoadedModel model, TaskRequest request) throws Exception {
        String text = Texts.string(request.inputs(), "inputs");
        JsonNode params = request.parameters();
        List<String> labels = candidateLabels(params.get("candidate_labels"));
        String template = params.path("hypothesis_template").asString("This example is {}.");
        if (!template.contains("{}")) {
            throw TaskException.badInput("hypothesis_template must contain {} for the label");
        }
        boolean multiLabel = params.path("multi_label").asBoolean(false) || labels.size() == 1;
        Encoding[] pairs = new Encoding[labels.size()];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = model.tokenizer().encode(text, template.replace("{}", labels.get(i)));
        }
        FloatTensor logits = Sessions.output(Sessions.run(model, pairs), "logits");
        int classes = logits.dim(1);
        int entail = Scores.labelIndex(model.config(), "entail", classes);
        if (entail < 0) {
            entail = classes - 1; // transformers' fallback: the last label
        }
        double[] scores = new double[labels.size()];
        if (multiLabel) {
            for (int i = 0; i < scores.length; i++) {
                scores[i] = Scores.softmax(new float[] {logits.get(i, 0), logits.get(i, entail)})[1];
            }
        } else {
            float[] e = new float[labels.size()];
            for (int i = 0; i < e.length; i++) {
                e[i] = logits.get(i, entail);
            }
            scores = Scores.softmax(e);
        }
        List<Scores.Scored> scored = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            scored.add(new Scores.Scored(labels.get(i), scores[i]));
        }
        ArrayNode sorted = Scores.labelScores(scored, 0);
        if (!"legacy".equals(request.options().path("zeroShotFormat").asString(""))) {
            return sorted;
        }
        ObjectNode legacy = Scores.NODES.objectNode();
        legacy.put("sequence", text);
        ArrayNode ls = legacy.putArray("labels");
        ArrayNode ss = legacy.putArray("scores");
        for (JsonNode n : sorted) {
            ls.add(n.get("label"));
            ss.add(n.get("score"));
        }
        return legacy;
    }

    /** A list, or the old comma-separated string; non-empty. */
    static List<String> candidateLabels(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isString()) {
            for (String s : node.stringValue().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asString()));
        }
        if (out.isEmpty()) {
            throw TaskException.badInput("candidate_labels must be a non-empty list of labels");
        }
        return out;
    }
}
