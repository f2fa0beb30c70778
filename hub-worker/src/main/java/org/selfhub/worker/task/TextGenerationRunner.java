package org.selfhub.worker.task;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code text-generation} in TGI's form (§1.3): {@code [{"generated_text":"…"}]}, with {@code details}
 * TGI's details object; streaming produces TGI's SSE events through a callback per token.
 *
 * <p>Decoding is per request on the full sequence (no KV cache: graphs with {@code past_key_values}
 * inputs are refused), greedy unless {@code do_sample} or a warper ({@code temperature} ≠ 1,
 * {@code top_k}, {@code top_p} &lt; 1) is set, as TGI decides. A fixed {@code seed} makes sampling
 * reproducible. Generation stops at {@code max_new_tokens} (default 20), the EOS token, or a
 * {@code stop} sequence, which stays in the text as in TGI. {@code return_full_text} defaults to false.
 * Unknown parameters get the 400 that huggingface_hub parses to retry without them.
 */
public final class TextGenerationRunner implements TaskRunner {

    private static final Set<String> KNOWN = Set.of("max_new_tokens", "temperature", "top_p", "top_k",
            "do_sample", "stop", "stop_sequences", "seed", "return_full_text", "details",
            "decoder_input_details", "truncate");

    /** One generated token, as TGI reports it. */
    public record Token(long id, String text, double logprob, boolean special) {
    }

    /** The finished generation. */
    public record Generation(String prompt, String generatedText, List<Token> tokens, String finishReason, Long seed) {
    }

    @Override
    public String task() {
        return "text-generation";
    }

    @Override
    public JsonNode run(LoadedModel model, TaskRequest request) throws Exception {
        JsonNode params = request.parameters();
        Generation g = generate(model, request, t -> { });
        ObjectNode item = Scores.NODES.objectNode();
        item.put("generated_text", fullText(g, params));
        if (params.path("details").asBoolean(false)) {
            ObjectNode d = details(g);
            d.putArray("prefill");
            ArrayNode tokens = d.putArray("tokens");
            for (Token t : g.tokens()) {
                tokens.add(token(t));
            }
            item.set("details", d);
        }
        ArrayNode out = Scores.NODES.arrayNode();
        out.add(item);
        return out;
    }

    /**
     * Streams TGI's SSE events: each {@code data:{…}} event is handed to {@code events} as it is produced,
     * the last carrying {@code generated_text} and {@code details}, then {@code data: [DONE]}.
     *
     * @return the whole SSE body
     */
    public String stream(LoadedModel model, TaskRequest request, Consumer<String> events) throws Exception {
        StringBuilder body = new StringBuilder();
        Consumer<String> emit = e -> {
            body.append(e);
            events.accept(e);
        };
        List<ObjectNode> pending = new ArrayList<>();
        int[] index = {0};
        Generation g = generate(model, request, t -> {
            // Hold one event back: the last one must carry generated_text and details.
            if (!pending.isEmpty()) {
                emit.accept(sse(pending.remove(0)));
            }
            ObjectNode e = Scores.NODES.objectNode();
            e.put("index", ++index[0]);
            e.set("token", token(t));
            e.putNull("generated_text");
            e.putNull("details");
            pending.add(e);
        });
        if (!pending.isEmpty()) {
            ObjectNode last = pending.remove(0);
            last.put("generated_text", fullText(g, request.parameters()));
            last.set("details", details(g));
            emit.accept(sse(last));
        }
        emit.accept("data: [DONE]\n\n");
        return body.toString();
    }

    private static String sse(ObjectNode event) {
        return "data:" + TaskRequest.JSON.writeValueAsString(event) + "\n\n";
    }

    /** Runs the decoding loop, calling {@code onToken} for each token as it is chosen. */
    public Generation generate(LoadedModel model, TaskRequest request, Consumer<Token> onToken) throws Exception {
        String prompt = Texts.string(request.inputs(), "inputs");
        JsonNode params = request.parameters();
        rejectUnknown(params);
        int maxNew = params.path("max_new_tokens").asInt(20);
        if (maxNew < 1) {
            throw TaskException.badInput("max_new_tokens must be ≥ 1");
        }
        double temperature = params.path("temperature").asDouble(1.0);
        if (temperature <= 0) {
            throw TaskException.badInput("temperature must be > 0");
        }
        int topK = params.path("top_k").asInt(0);
        double topP = params.path("top_p").asDouble(1.0);
        if (topP <= 0 || topP > 1) {
            throw TaskException.badInput("top_p must be in (0, 1]");
        }
        boolean sample = params.path("do_sample").asBoolean(false) || temperature != 1.0 || topK > 0 || topP < 1.0;
        Long seed = null;
        Random random = null;
        if (sample) {
            seed = params.hasNonNull("seed") ? params.get("seed").asLong() : new Random().nextLong();
            random = new Random(seed);
        }
        List<String> stops = new ArrayList<>();
        for (String key : List.of("stop", "stop_sequences")) {
            JsonNode s = params.get(key);
            if (s != null && !s.isNull()) {
                stops.addAll(Texts.of(s, key));
            }
        }
        Set<Long> eos = eosIds(model);

        long[] promptIds = model.tokenizer().encode(prompt).getIds();
        List<Long> ids = new ArrayList<>();
        for (long id : promptIds) {
            ids.add(id);
        }
        List<Long> generated = new ArrayList<>();
        List<Token> tokens = new ArrayList<>();
        String text = "";
        String finish = "length";
        for (int step = 0; step < maxNew; step++) {
            long[][] row = {ids.stream().mapToLong(Long::longValue).toArray()};
            FloatTensor logits = Sessions.output(Sessions.run(model, row, null), "logits");
            float[] last = logits.rank() == 3 ? logits.row(0, logits.dim(1) - 1) : logits.row(0);
            int next;
            double logprob;
            if (sample) {
                double[] probs = warp(last, temperature, topK, topP);
                next = draw(probs, random);
                logprob = Math.log(probs[next]);
            } else {
                double[] probs = Scores.softmax(last);
                next = Scores.argmax(probs);
                logprob = Math.log(probs[next]);
            }
            ids.add((long) next);
            generated.add((long) next);
            boolean special = eos.contains((long) next);
            String newText = model.tokenizer().decode(generated.stream().mapToLong(Long::longValue).toArray(), true);
            String piece = newText.startsWith(text) ? newText.substring(text.length())
                    : model.tokenizer().decode(new long[] {next}, true);
            text = newText;
            Token t = new Token(next, special ? model.tokenizer().decode(new long[] {next}, false) : piece, logprob, special);
            tokens.add(t);
            onToken.accept(t);
            if (special) {
                finish = "eos_token";
                break;
            }
            String current = text;
            if (stops.stream().anyMatch(current::endsWith) || stops.stream().anyMatch(s -> !s.isEmpty() && current.contains(s))) {
                finish = "stop_sequence";
                break;
            }
        }
        return new Generation(prompt, text, tokens, finish, seed);
    }

    private static void rejectUnknown(JsonNode params) {
        TreeSet<String> unknown = new TreeSet<>();
        for (String name : params.propertyNames()) {
            if (!KNOWN.contains(name) && !params.get(name).isNull()) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            // huggingface_hub matches this exact text (MODEL_KWARGS_NOT_USED_REGEX) and retries without them.
            List<String> quoted = unknown.stream().map(u -> "'" + u + "'").toList();
            throw TaskException.badInput("The following `model_kwargs` are not used by the model: ["
                    + String.join(", ", quoted) + "] (note: typos in the generate arguments will also show up in this list)");
        }
    }

    static Set<Long> eosIds(LoadedModel model) {
        Set<Long> out = new HashSet<>();
        for (JsonNode source : List.of(model.json("generation_config.json"), model.config())) {
            JsonNode e = source.path("eos_token_id");
            if (e.isNumber()) {
                out.add(e.asLong());
            } else if (e.isArray()) {
                e.forEach(n -> out.add(n.asLong()));
            }
        }
        return out;
    }

    /** Temperature, then top-k, then top-p (nucleus), as transformers' warpers apply them. */
    static double[] warp(float[] logits, double temperature, int topK, double topP) {
        float[] scaled = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            scaled[i] = (float) (logits[i] / temperature);
        }
        Integer[] order = new Integer[scaled.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(scaled[b], scaled[a]));
        boolean[] keep = new boolean[scaled.length];
        int k = topK > 0 ? Math.min(topK, scaled.length) : scaled.length;
        for (int i = 0; i < k; i++) {
            keep[order[i]] = true;
        }
        if (topP < 1.0) {
            double[] p = Scores.softmax(scaled);
            double cum = 0;
            for (int i = 0; i < scaled.length; i++) {
                int idx = order[i];
                if (cum >= topP) {
                    keep[idx] = false;
                }
                cum += p[idx];
            }
        }
        float[] masked = new float[scaled.length];
        for (int i = 0; i < scaled.length; i++) {
            masked[i] = keep[i] ? scaled[i] : Float.NEGATIVE_INFINITY;
        }
        return Scores.softmax(masked);
    }

    private static int draw(double[] probs, Random random) {
        double r = random.nextDouble();
        double cum = 0;
        int lastNonZero = 0;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] > 0) {
                cum += probs[i];
                lastNonZero = i;
                if (r < cum) {
                    return i;
                }
            }
        }
        return lastNonZero;
    }

    private static String fullText(Generation g, JsonNode params) {
        return params.path("return_full_text").asBoolean(false) ? g.prompt() + g.generatedText() : g.generatedText();
    }

    private static ObjectNode details(Generation g) {
        ObjectNode d = Scores.NODES.objectNode();
        d.put("finish_reason", g.finishReason());
        d.put("generated_tokens", g.tokens().size());
        if (g.seed() == null) {
            d.putNull("seed");
        } else {
            d.put("seed", g.seed());
        }
        return d;
    }

    private static ObjectNode token(Token t) {
        ObjectNode o = Scores.NODES.objectNode();
        o.put("id", t.id()).put("text", t.text()).put("logprob", (float) t.logprob()).put("special", t.special());
        return o;
    }
}
