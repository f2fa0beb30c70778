package org.selfhub.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;

class FillMaskRunnerTests {

    static final float[][] E = TinyModels.random(TinyModels.V, 8, 11);
    static final float[][] W = TinyModels.random(8, TinyModels.V, 12);
    static final float[] B = new float[TinyModels.V];

    static {
        B[TinyModels.id("capital")] = 6;
    }

    @TempDir
    static Path tmp;
    static LoadedModel model;

    @BeforeAll
    static void load() throws Exception {
        model = TinyModels.load(TinyModels.write(tmp.resolve("mlm"), TinyModels.tokenLogits(E, W, B),
                TinyModels.tokenizerJson(true), Map.of("config.json", "{\"model_type\":\"bert\"}",
                        "tokenizer_config.json", "{\"mask_token\":\"[MASK]\"}")));
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    private final FillMaskRunner runner = new FillMaskRunner();

    static double[] maskProbs() {
        return TinyModels.softmax(TinyModels.affine(TinyModels.row(E, TinyModels.id("[MASK]")), W, B));
    }

    @Test
    void topFiveWithSequenceTokenAndTokenStr() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.json("{\"inputs\":\"Paris is the [MASK] of France.\"}"));
        double[] p = maskProbs();
        List<Integer> order = IntStream.range(0, p.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> p[i]).reversed()).toList();
        assertThat(out.size()).isEqualTo(5);
        JsonNode first = out.get(0);
        assertThat(first.propertyNames()).containsExactlyInAnyOrder("sequence", "score", "token", "token_str");
        assertThat(first.get("token").asInt()).isEqualTo(TinyModels.id("capital"));
        assertThat(first.get("token_str").asString()).isEqualTo("capital");
        assertThat(first.get("sequence").asString()).isEqualTo("paris is the capital of france.");
        for (int k = 0; k < 5; k++) {
            assertThat(out.get(k).get("token").asInt()).isEqualTo(order.get(k));
            assertThat(out.get(k).get("score").asDouble()).isCloseTo(p[order.get(k)], within(1e-6));
        }
    }

    @Test
    void targetsRestrictTheCandidates() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.json(
                "{\"inputs\":\"Paris is the [MASK] of France.\",\"parameters\":{\"targets\":[\"city\",\"capital\"],\"top_k\":10}}"));
        double[] p = maskProbs();
        assertThat(out.size()).isEqualTo(2);
        assertThat(out.get(0).get("token_str").asString()).isEqualTo("capital");
        assertThat(out.get(1).get("token_str").asString()).isEqualTo("city");
        assertThat(out.get(1).get("score").asDouble()).isCloseTo(p[TinyModels.id("city")], within(1e-6));
        assertThat(out.get(1).get("sequence").asString()).isEqualTo("paris is the city of france.");
    }

    @Test
    void severalMasksGiveOneListEachAndNoMaskIsA400() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.json("{\"inputs\":\"[MASK] is the [MASK].\",\"parameters\":{\"top_k\":2}}"));
        assertThat(out.size()).isEqualTo(2);
        assertThat(out.get(0).size()).isEqualTo(2);
        assertThat(out.get(1).get(0).get("token_str").asString()).isEqualTo("capital");
        assertThatThrownBy(() -> runner.run(model, TaskRequest.json("{\"inputs\":\"Paris is the capital.\"}")))
                .isInstanceOf(TaskException.class)
                .hasMessage("No mask_token ([MASK]) found on the input")
                .extracting(e -> ((TaskException) e).status()).isEqualTo(400);
    }
}
