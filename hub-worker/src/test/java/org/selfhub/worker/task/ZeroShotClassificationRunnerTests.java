package org.selfhub.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.huggingface.tokenizers.Encoding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class ZeroShotClassificationRunnerTests {

    static final float[][] E = TinyModels.random(TinyModels.V, 6, 31);
    static final float[][] W = TinyModels.random(6, 3, 32);
    static final float[] B = {0f, 0.1f, -0.1f};

    @TempDir
    static Path tmp;
    static LoadedModel model;

    @BeforeAll
    static void load() throws Exception {
        model = TinyModels.load(TinyModels.write(tmp.resolve("nli"), TinyModels.sequenceLogits(E, W, B),
                TinyModels.tokenizerJson(true), Map.of("config.json",
                        TinyModels.config(List.of("contradiction", "neutral", "entailment"), ""))));
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    private final ZeroShotClassificationRunner runner = new ZeroShotClassificationRunner();

    static final String TEXT = "I love this movie";
    static final List<String> LABELS = List.of("sports", "politics", "good");

    /** NLI logits of (TEXT, "This example is {label}.") computed from the weights. */
    static double[] logits(String label) {
        Encoding e = model.tokenizer().encode(TEXT, "This example is " + label + ".");
        return TinyModels.affine(TinyModels.meanRows(E, e.getIds()), W, B);
    }

    @Test
    void softmaxOfEntailmentAcrossLabelsSorted() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.json(
                "{\"inputs\":\"I love this movie\",\"parameters\":{\"candidate_labels\":[\"sports\",\"politics\",\"good\"]}}"));
        double[] entail = new double[3];
        for (int i = 0; i < 3; i++) {
            entail[i] = logits(LABELS.get(i))[2];
        }
        double[] p = TinyModels.softmax(entail);
        assertThat(out.size()).isEqualTo(3);
        double sum = 0;
        for (JsonNode n : out) {
            int i = LABELS.indexOf(n.get("label").asString());
            assertThat(n.get("score").asDouble()).isCloseTo(p[i], within(1e-6));
            sum += n.get("score").asDouble();
        }
        assertThat(sum).isCloseTo(1.0, within(1e-6));
        assertThat(out.get(0).get("score").asDouble()).isGreaterThanOrEqualTo(out.get(1).get("score").asDouble());
        assertThat(out.get(1).get("score").asDouble()).isGreaterThanOrEqualTo(out.get(2).get("score").asDouble());
    }

    @Test
    void multiLabelScoresEntailmentAgainstContradictionPerLabel() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.json(
                "{\"inputs\":\"I love this movie\",\"parameters\":{\"candidate_labels\":\"sports, good\",\"multi_label\":true}}"));
        for (JsonNode n : out) {
            double[] l = logits(n.get("label").asString());
            double expected = TinyModels.softmax(new double[] {l[0], l[2]})[1];
            assertThat(n.get("score").asDouble()).isCloseTo(expected, within(1e-6));
        }
        assertThat(out.size()).isEqualTo(2);
    }

    @Test
    void legacyShapeWhenTheHubAsksForIt() throws Exception {
        var options = JsonNodeFactory.instance.objectNode().put("zeroShotFormat", "legacy");
        JsonNode out = runner.run(model, TaskRequest.json(
                "{\"inputs\":\"I love this movie\",\"parameters\":{\"candidate_labels\":[\"sports\",\"politics\"]}}", options));
        assertThat(out.propertyNames()).containsExactly("sequence", "labels", "scores");
        assertThat(out.get("sequence").asString()).isEqualTo(TEXT);
        assertThat(out.get("labels").size()).isEqualTo(2);
        assertThat(out.get("scores").get(0).asDouble()).isGreaterThanOrEqualTo(out.get("scores").get(1).asDouble());
        assertThatThrownBy(() -> runner.run(model, TaskRequest.json("{\"inputs\":\"x\",\"parameters\":{\"candidate_labels\":[]}}")))
                .isInstanceOf(TaskException.class).hasMessageContaining("candidate_labels");
    }
}
