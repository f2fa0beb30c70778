package org.selfhub.worker.task;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code question-answering} → {@code {"answer","score","start","end"}} for {@code top_k} ≤ 1, else a list
 * (§1.3). Scoring follows transformers' {@code select_starts_ends}/{@code decode_spans}: softmax over
 * context tokens and [CLS], the null score from [CLS], spans of context tokens only, score
 * p(start)·p(end), at most {@code max_answer_len} tokens. {@code align_to_words} widens the span to whole
 * words. Accepts both {@code inputs:{question,context}} and the older top-level {@code question}/{@code context}.
 * The context is truncated to the model's maximum length ({@code doc_stride} windows are not used).
 */
public final class QuestionAnsweringRunner implements TaskRunner {

    @Override
    public String task() {
        return "question-answering";
    }

    private record Span(int start, int end, double score) {
    }

    @Override
    public JsonNode run(LoadedModel model, TaskRequest request) throws Exception {
        JsonNode body = request.body();
        if (body == null) {
            throw TaskException.badInput("question-answering expects a JSON body");
        }
        JsonNode in = body.path("inputs").isObject() ? body.path("inputs") : body;
        String question = Texts.string(in.get("question"), "inputs.question");
        String context = Texts.string(in.get("context"), "inputs.context");
        JsonNode params = request.parameters();
        int topK = Scores.topK(params, 1);
        int maxAnswerLen = params.path("max_answer_len").asInt(15);
        if (maxAnswerLen < 1) {
            throw TaskException.badInput("max_answer_len must be ≥ 1");
        }
        boolean impossible = params.path("handle_impossible_answer").asBoolean(false);
        boolean alignToWords = params.path("align_to_words").asBoolean(true);

        Encoding enc = model.tokenizer().encode(question, context);
        Map<String, FloatTensor> out = Sessions.run(model, new Encoding[] {enc});
        List<FloatTensor> all = Sessions.outputs(out);
        FloatTensor startT = out.getOrDefault("start_logits", all.get(0));
        FloatTensor endT = out.getOrDefault("end_logits", all.size() > 1 ? all.get(1) : all.get(0));
        long[] seq = enc.getSequenceIds();
        int n = seq.length;
        boolean[] allowed = new boolean[n];
        for (int j = 0; j < n; j++) {
            allowed[j] = seq[j] == 1 || j == 0; // context tokens and [CLS] (p_mask = 0)
        }
        double[] ps = maskedSoftmax(startT, allowed);
        double[] pe = maskedSoftmax(endT, allowed);
        double nullScore = ps[0] * pe[0];
        ps[0] = 0; // transformers: "Mask CLS" before decoding spans
        pe[0] = 0;
        List<Span> spans = new ArrayList<>();
        for (int s = 1; s < n; s++) {
            if (seq[s] != 1) {
                continue;
            }
            for (int e = s; e < n && e < s + maxAnswerLen; e++) {
                if (seq[e] == 1) {
                    spans.add(new Span(s, e, ps[s] * pe[e]));
                }
            }
        }
        spans.sort((a, b) -> Double.compare(b.score(), a.score()));
        CharSpan[] offsets = enc.getCharTokenSpans();
        long[] words = enc.getWordIds();
        List<ObjectNode> answers = new ArrayList<>();
        for (Span sp : spans.subList(0, Math.min(topK, spans.size()))) {
            int s = sp.start();
            int e = sp.end();
            int startChar = offsets[s].getStart();
            int endChar = offsets[e].getEnd();
            if (alignToWords) {
                for (int j = s; j >= 0 && seq[j] == 1 && words[j] == words[s]; j--) {
                    startChar = offsets[j].getStart();
                }
                for (int j = e; j < n && seq[j] == 1 && words[j] == words[e]; j++) {
                    endChar = offsets[j].getEnd();
                }
            }
            answers.add(answer(Scores.substringByCodePoints(context, startChar, endChar), sp.score(), startChar, endChar));
        }
        if (impossible) {
            answers.add(answer("", nullScore, 0, 0));
        }
        answers.sort((a, b) -> Double.compare(b.get("score").asDouble(), a.get("score").asDouble()));
        if (answers.isEmpty()) {
            answers.add(answer("", nullScore, 0, 0));
        }
        if (topK == 1) {
            return answers.get(0);
        }
        ArrayNode list = Scores.NODES.arrayNode();
        answers.subList(0, Math.min(topK, answers.size())).forEach(list::add);
        return list;
    }

    private static ObjectNode answer(String text, double score, int start, int end) {
        ObjectNode o = Scores.NODES.objectNode();
        o.put("score", score).put("start", start).put("end", end).put("answer", text);
        return o;
    }

    private static double[] maskedSoftmax(FloatTensor t, boolean[] allowed) {
        float[] row = t.rank() == 3 ? squeezeLast(t) : t.row(0);
        float[] masked = new float[allowed.length];
        for (int j = 0; j < allowed.length; j++) {
            masked[j] = allowed[j] ? row[j] : -10000f;
        }
        return Scores.softmax(masked);
    }

    private static float[] squeezeLast(FloatTensor t) {
        float[] out = new float[t.dim(1)];
        for (int j = 0; j < out.length; j++) {
            out[j] = t.get(0, j, 0);
        }
        return out;
    }
}
