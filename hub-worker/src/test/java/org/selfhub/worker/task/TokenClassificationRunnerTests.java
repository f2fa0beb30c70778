package org.selfhub.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;

class TokenClassificationRunnerTests {

    static final List<String> LABELS = List.of("O", "B-LOC", "I-LOC", "B-PER", "I-PER");
    /** Token logits = E[token] (W is the identity): each token's label is chosen here. */
    static final float[][] E = new float[TinyModels.V][5];
    static final float[][] W = new float[5][5];
    static final float[] B = new float[5];

    static {
        float[][] noise = TinyModels.random(TinyModels.V, 5, 7);
        for (int i = 0; i < TinyModels.V; i++) {
            for (int j = 0; j < 5; j++) {
                E[i][j] = noise[i][j] * 0.4f;
            }
            E[i][0] += 3; // O by default
        }
        E[TinyModels.id("john")][3] += 5; // B-PER
        E[TinyModels.id("new")][1] += 5; // B-LOC
        E[TinyModels.id("york")][2] += 5; // I-LOC
        E[TinyModels.id("##s")][2] += 2f; // O wins for the token alone, I-LOC once averaged with "york"
        for (int j = 0; j < 5; j++) {
            W[j][j] = 1;
        }
    }

    @TempDir
    static Path tmp;
    static LoadedModel model;

    @BeforeAll
    static void load() throws Exception {
        model = TinyModels.load(TinyModels.write(tmp.resolve("ner"), TinyModels.tokenLogits(E, W, B),
                TinyModels.tokenizerJson(true), Map.of("config.json", TinyModels.config(LABELS, ""))));
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    private final TokenClassificationRunner runner = new TokenClassificationRunner();

    /** "😀 John lives in New Yorks!": the emoji is one code point (two UTF-16 units). */
    static final String TEXT = "\uD83D\uDE00 John lives in New Yorks!";

    static double maxProb(String token) {
        double[] p = TinyModels.softmax(TinyModels.row(E, TinyModels.id(token)));
        double m = 0;
        for (double v : p) {
            m = Math.max(m, v);
        }
        return m;
    }

    static double prob(String token, int label) {
        return TinyModels.softmax(TinyModels.row(E, TinyModels.id(token)))[label];
    }

    @Test
    void simpleIsTheDefaultAndGroupsBAndIWithCodePointOffsets() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.json(TaskRequest.JSON.writeValueAsString(Map.of("inputs", TEXT))));
        assertThat(out.size()).isEqualTo(2);
        JsonNode per = out.get(0);
        assertThat(per.propertyNames()).containsExactly("entity_group", "score", "word", "start", "end");
        assertThat(per.get("entity_group").asString()).isEqualTo("PER");
        assertThat(per.get("word").asString()).isEqualTo("john");
        assertThat(per.get("start").asInt()).isEqualTo(2); // code points: 😀=0, space=1
        assertThat(per.get("end").asInt()).isEqualTo(6);
        assertThat(per.get("score").asDouble()).isCloseTo(maxProb("john"), within(1e-6));
        JsonNode loc = out.get(1);
        assertThat(loc.get("entity_group").asString()).isEqualTo("LOC");
        // "##s" alone is O, so simple grouping stops before it.
        assertThat(loc.get("word").asString()).isEqualTo("new york");
        assertThat(loc.get("start").asInt()).isEqualTo(16);
        assertThat(loc.get("end").asInt()).isEqualTo(24);
        double mean = (maxProb("new") + maxProb("york")) / 2;
        assertThat(loc.get("score").asDouble()).isCloseTo(mean, within(1e-6));
    }

    @Test
    void noneReturnsEachTokenWithItsEntity() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.json(TaskRequest.JSON.writeValueAsString(
                Map.of("inputs", TEXT, "parameters", Map.of("aggregation_strategy", "none")))));
        assertThat(out.size()).isEqualTo(3);
        assertThat(out.get(0).propertyNames()).containsExactly("entity", "score", "index", "word", "start", "end");
        assertThat(out.get(0).get("entity").asString()).isEqualTo("B-PER");
        assertThat(out.get(0).get("index").asInt()).isEqualTo(2); // [CLS] [UNK] john
        assertThat(out.get(0).get("score").asDouble()).isCloseTo(maxProb("john"), within(1e-6));
        assertThat(out.get(2).get("entity").asString()).isEqualTo("I-LOC");
        assertThat(out.get(2).get("word").asString()).isEqualTo("york");
        assertThat(out.get(2).get("start").asInt()).isEqualTo(20);
        assertThat(out.get(2).get("end").asInt()).isEqualTo(24);
    }

    @Test
    void wordAggregationsScoreWholeWords() throws Exception {
        JsonNode first = run("first");
        assertThat(first.get(1).get("word").asString()).isEqualTo("new yorks");
        assertThat(first.get(1).get("score").asDouble()).isCloseTo((maxProb("new") + maxProb("york")) / 2, within(1e-6));

        JsonNode max = run("max");
        assertThat(max.get(1).get("score").asDouble()).isCloseTo((maxProb("new") + maxProb("york")) / 2, within(1e-6));

        JsonNode average = run("average");
        double avgILoc = (prob("york", 2) + prob("##s", 2)) / 2;
        double avgO = (prob("york", 0) + prob("##s", 0)) / 2;
        assertThat(avgILoc).isGreaterThan(avgO);
        assertThat(average.get(1).get("score").asDouble()).isCloseTo((maxProb("new") + avgILoc) / 2, within(1e-6));
        assertThat(average.get(1).get("end").asInt()).isEqualTo(25);
    }

    @Test
    void ignoreLabelsCanKeepO() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.json(TaskRequest.JSON.writeValueAsString(
                Map.of("inputs", "John lives", "parameters", Map.of("ignore_labels", List.of())))));
        assertThat(out.size()).isEqualTo(2);
        assertThat(out.get(1).get("entity_group").asString()).isEqualTo("O");
        assertThat(out.get(1).get("word").asString()).isEqualTo("lives");
    }

    private JsonNode run(String strategy) throws Exception {
        return runner.run(model, TaskRequest.json(TaskRequest.JSON.writeValueAsString(
                Map.of("inputs", TEXT, "parameters", Map.of("aggregation_strategy", strategy)))));
    }
}
