package org.selfhub.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

class TextClassificationRunnerTests {

    static final float[][] E = TinyModels.random(TinyModels.V, 6, 1);
    static final float[][] W = TinyModels.random(6, 2, 2);
    static final float[] B = {0.1f, -0.2f};

    @TempDir
    static Path tmp;
    static LoadedModel model;
    static LoadedModel multiLabel;

    @BeforeAll
    static void load() throws Exception {
        byte[] onnx = TinyModels.sequenceLogits(E, W, B);
        model = TinyModels.load(TinyModels.write(tmp.resolve("sst2"), onnx, TinyModels.tokenizerJson(true),
                Map.of("config.json", TinyModels.config(List.of("NEGATIVE", "POSITIVE"), ""))));
        multiLabel = TinyModels.load(TinyModels.write(tmp.resolve("multi"), onnx, TinyModels.tokenizerJson(true),
                Map.of("config.json", TinyModels.config(List.of("toxic", "funny"), "\"problem_type\":\"multi_label_classification\""))));
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
        multiLabel.close();
    }

    private final TextClassificationRunner runner = new TextClassificationRunner();

    /** [CLS] i love this movie ##s ! [SEP] */
    static double[] logits(String... tokens) {
        long[] ids = TinyModels.ids(tokens).stream().mapToLong(Integer::longValue).toArray();
        return TinyModels.affine(TinyModels.meanRows(E, ids), W, B);
    }

    static final String[] LOVE = {"[CLS]", "i", "love", "this", "movie", "##s", "!", "[SEP]"};
    static final String[] HATE = {"[CLS]", "i", "hate", "this", "movie", "[SEP]"};

    @Test
    void returnsEveryLabelSortedBySoftmaxScore() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.json("{\"inputs\":\"I love this movies!\",\"parameters\":{}}"));
        double[] p = TinyModels.softmax(logits(LOVE));
        assertThat(out.size()).isEqualTo(1);
        JsonNode list = out.get(0);
        assertThat(list.size()).isEqualTo(2);
        int best = p[0] > p[1] ? 0 : 1;
        assertThat(list.get(0).get("label").asString()).isEqualTo(best == 0 ? "NEGATIVE" : "POSITIVE");
        assertThat(list.get(0).get("score").asDouble()).isCloseTo(p[best], within(1e-6));
        assertThat(list.get(1).get("score").asDouble()).isCloseTo(p[1 - best], within(1e-6));
        assertThat(list.get(0).propertyNames()).containsExactly("label", "score");
    }

    @Test
    void topKCutsTheListAndAListOfTextsGivesOneListEach() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.json(
                "{\"inputs\":[\"I love this movies!\",\"I hate this movie\"],\"parameters\":{\"top_k\":1}}"));
        assertThat(out.size()).isEqualTo(2);
        assertThat(out.get(0).size()).isEqualTo(1);
        double[] p = TinyModels.softmax(logits(HATE));
        assertThat(out.get(1).get(0).get("score").asDouble()).isCloseTo(Math.max(p[0], p[1]), within(1e-6));
    }

    @Test
    void functionToApplySigmoidAndNone() throws Exception {
        double[] l = logits(LOVE);
        JsonNode sig = runner.run(model, TaskRequest.json(
                "{\"inputs\":\"I love this movies!\",\"parameters\":{\"function_to_apply\":\"sigmoid\"}}")).get(0);
        JsonNode none = runner.run(model, TaskRequest.json(
                "{\"inputs\":\"I love this movies!\",\"parameters\":{\"function_to_apply\":\"none\"}}")).get(0);
        double maxL = Math.max(l[0], l[1]);
        assertThat(sig.get(0).get("score").asDouble()).isCloseTo(1 / (1 + Math.exp(-maxL)), within(1e-6));
        assertThat(none.get(0).get("score").asDouble()).isCloseTo(maxL, within(1e-5));
        assertThatThrownBy(() -> runner.run(model, TaskRequest.json(
                "{\"inputs\":\"x\",\"parameters\":{\"function_to_apply\":\"tanh\"}}")))
                .isInstanceOf(TaskException.class);
    }

    @Test
    void multiLabelModelsDefaultToSigmoid() throws Exception {
        JsonNode list = runner.run(multiLabel, TaskRequest.json("{\"inputs\":\"I hate this movie\"}")).get(0);
        double[] l = logits(HATE);
        double s0 = 1 / (1 + Math.exp(-l[0]));
        double s1 = 1 / (1 + Math.exp(-l[1]));
        assertThat(list.get(0).get("score").asDouble()).isCloseTo(Math.max(s0, s1), within(1e-6));
        assertThat(list.get(1).get("score").asDouble()).isCloseTo(Math.min(s0, s1), within(1e-6));
        assertThat(list.get(0).get("score").asDouble() + list.get(1).get("score").asDouble()).isNotCloseTo(1.0, within(1e-3));
    }
}
