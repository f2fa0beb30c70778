package org.selfhub.worker.task;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code token-classification} → {@code [{"entity_group","score","word","start","end"}]}, following
 * transformers' {@code TokenClassificationPipeline}. The default aggregation is {@code simple}: the API
 * returned {@code entity_group} with empty parameters and JS requires it (§1.3). {@code none} returns
 * the per-token {@code {"entity","score","index","word","start","end"}}. {@code start}/{@code end} are
 * code-point offsets, as Python's are (DJL's spans already count code points).
 */
public final class TokenClassificationRunner implements TaskRunner {

    @Override
    public String task() {
        return "token-classification";
    }

    /** One token (or, after word aggregation, one word) with its label. */
    private record Piece(String entity, double score, int index, long[] ids, String token, int start, int end) {
    }

    @Override
    public JsonNode run(LoadedModel model, TaskRequest request) throws Exception {
        String text = Texts.string(request.inputs(), "inputs");
        JsonNode params = request.parameters();
        String strategy = params.path("aggregation_strategy").asString("simple").toLowerCase(Locale.ROOT);
        if (!Set.of("none", "simple", "first", "average", "max").contains(strategy)) {
            throw TaskException.badInput("aggregation_strategy must be one of none, simple, first, average, max");
        }
        Set<String> ignore = new HashSet<>();
        JsonNode il = params.get("ignore_labels");
        if (il != null && il.isArray()) {
            il.forEach(n -> ignore.add(n.asString()));
        } else {
            ignore.add("O");
        }
        Encoding enc = model.tokenizer().encode(text);
        FloatTensor logits = Sessions.output(Sessions.run(model, new Encoding[] {enc}), "logits");
        JsonNode config = model.config();
        int labels = logits.dim(2);
        long[] ids = enc.getIds();
        long[] special = enc.getSpecialTokenMask();
        long[] words = enc.getWordIds();
        CharSpan[] spans = enc.getCharTokenSpans();
        String[] tokens = enc.getTokens();

        List<double[]> probs = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int j = 0; j < ids.length; j++) {
            if (special[j] != 0 || spans[j] == null) {
                continue;
            }
            float[] row = logits.row(0, j);
            probs.add(Scores.softmax(row));
            positions.add(j);
        }

        ArrayNode out = Scores.NODES.arrayNode();
        if (strategy.equals("none")) {
            for (int p = 0; p < positions.size(); p++) {
                int j = positions.get(p);
                double[] pr = probs.get(p);
                int best = Scores.argmax(pr);
                String entity = Scores.label(config, best);
                if (ignore.contains(entity)) {
                    continue;
                }
                ObjectNode o = out.addObject();
                o.put("entity", entity).put("score", (float) pr[best]).put("index", j).put("word", tokens[j])
                        .put("start", spans[j].getStart()).put("end", spans[j].getEnd());
            }
            return out;
        }

        List<Piece> pieces = new ArrayList<>();
        if (strategy.equals("simple")) {
            for (int p = 0; p < positions.size(); p++) {
                int j = positions.get(p);
                double[] pr = probs.get(p);
                int best = Scores.argmax(pr);
                pieces.add(new Piece(Scores.label(config, best), pr[best], j, new long[] {ids[j]}, tokens[j],
                        spans[j].getStart(), spans[j].getEnd()));
            }
        } else {
            // Word-level aggregation: tokens of one word (same DJL word id) become one piece.
            int p = 0;
            while (p < positions.size()) {
                int q = p + 1;
                while (q < positions.size() && words[positions.get(q)] == words[positions.get(p)] && words[positions.get(p)] >= 0) {
                    q++;
                }
                pieces.add(aggregateWord(strategy, config, labels, positions.subList(p, q), probs.subList(p, q), ids, spans));
                p = q;
            }
        }
        for (Piece g : group(pieces, model)) {
            if (ignore.contains(g.entity())) {
                continue;
            }
            out.addObject().put("entity_group", g.entity()).put("score", (float) g.score())
                    .put("word", g.token()).put("start", g.start()).put("end", g.end());
        }
        return out;
    }

    private static Piece aggregateWord(String strategy, JsonNode config, int labels, List<Integer> pos,
                                       List<double[]> probs, long[] ids, CharSpan[] spans) {
        long[] wordIds = pos.stream().mapToLong(j -> ids[j]).toArray();
        int start = spans[pos.get(0)].getStart();
        int end = spans[pos.get(pos.size() - 1)].getEnd();
        double[] chosen;
        switch (strategy) {
            case "first":
                chosen = probs.get(0);
                break;
            case "max": {
                chosen = probs.get(0);
                for (double[] pr : probs) {
                    if (pr[Scores.argmax(pr)] > chosen[Scores.argmax(chosen)]) {
                        chosen = pr;
                    }
                }
                break;
            }
            default: { // average
                chosen = new double[labels];
                for (double[] pr : probs) {
                    for (int c = 0; c < labels; c++) {
                        chosen[c] += pr[c] / probs.size();
                    }
                }
            }
        }
        int best = Scores.argmax(chosen);
        return new Piece(Scores.label(config, best), chosen[best], pos.get(0), wordIds, null, start, end);
    }

    /** transformers' {@code group_entities}: adjacent pieces with one tag join unless a piece starts with B-. */
    private static List<Piece> group(List<Piece> pieces, LoadedModel model) {
        List<Piece> groups = new ArrayList<>();
        List<Piece> current = new ArrayList<>();
        for (Piece p : pieces) {
            if (!current.isEmpty()) {
                String[] last = tag(current.get(current.size() - 1).entity());
                String[] now = tag(p.entity());
                if (!(now[1].equals(last[1]) && !now[0].equals("B"))) {
                    groups.add(merge(current, model));
                    current = new ArrayList<>();
                }
            }
            current.add(p);
        }
        if (!current.isEmpty()) {
            groups.add(merge(current, model));
        }
        return groups;
    }

    /** {@code ["B"|"I", tag]}: "B-PER" → B, PER; "I-PER" → I, PER; "O" → I, O. */
    private static String[] tag(String entity) {
        if (entity.startsWith("B-")) {
            return new String[] {"B", entity.substring(2)};
        }
        if (entity.startsWith("I-")) {
            return new String[] {"I", entity.substring(2)};
        }
        return new String[] {"I", entity};
    }

    private static Piece merge(List<Piece> group, LoadedModel model) {
        String entity = group.get(0).entity();
        int dash = entity.indexOf('-');
        String name = dash >= 0 ? entity.substring(dash + 1) : entity;
        double score = group.stream().mapToDouble(Piece::score).average().orElse(0);
        long[] ids = group.stream().flatMapToLong(p -> java.util.Arrays.stream(p.ids())).toArray();
        String word = model.tokenizer().decode(ids, true);
        return new Piece(name, score, group.get(0).index(), ids, word, group.get(0).start(), group.get(group.size() - 1).end());
    }
}
