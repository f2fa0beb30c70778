package org.selfhub.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;

class QuestionAnsweringRunnerTests {

    static final float[] S = new float[TinyModels.V];
    static final float[] T = new float[TinyModels.V];

    static {
        float[][] noise = TinyModels.random(2, TinyModels.V, 21);
        for (int i = 0; i < TinyModels.V; i++) {
            S[i] = noise[0][i];
            T[i] = noise[1][i];
        }
        S[TinyModels.id("new")] = 5;
        T[TinyModels.id("york")] = 5;
        S[TinyModels.id("[CLS]")] = 9;
        T[TinyModels.id("[CLS]")] = 9;
    }

    @TempDir
    static Path tmp;
    static LoadedModel model;

    @BeforeAll
    static void load() throws Exception {
        model = TinyModels.load(TinyModels.write(tmp.resolve("qa"), TinyModels.spanLogits(S, T),
                TinyModels.tokenizerJson(true), Map.of("config.json", "{\"model_type\":\"bert\"}")));
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    private final QuestionAnsweringRunner runner = new QuestionAnsweringRunner();

    /** [CLS] where does john live ? [SEP] | john lives in new york . [SEP] — context is tokens 7..12. */
    static final String[] TOKENS = {"[CLS]", "where", "does", "john", "live", "?", "[SEP]",
            "john", "lives", "in", "new", "york", ".", "[SEP]"};

    static double[] probs(float[] logits) {
        double[] masked = new double[TOKENS.length];
        for (int j = 0; j < TOKENS.length; j++) {
            boolean allowed = j == 0 || (j >= 7 && j <= 12);
            masked[j] = allowed ? logits[TinyModels.id(TOKENS[j])] : -10000;
        }
        return TinyModels.softmax(masked);
    }

    @Test
    void findsTheSpanWithItsScoreAndCodePointOffsets() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.json(
                "{\"inputs\":{\"question\":\"Where does John live?\",\"context\":\"John lives in New York.\"}}"));
        double expected = probs(S)[10] * probs(T)[11];
        assertThat(out.get("answer").asString()).isEqualTo("New York");
        assertThat(out.get("start").asInt()).isEqualTo(14);
        assertThat(out.get("end").asInt()).isEqualTo(22);
        assertThat(out.get("score").asDouble()).isCloseTo(expected, within(1e-9));
        assertThat(out.propertyNames()).containsExactlyInAnyOrder("answer", "score", "start", "end");
    }

    @Test
    void topKGivesAListAndTheOldTopLevelFormIsAccepted() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.json(
                "{\"question\":\"Where does John live?\",\"context\":\"John lives in New York.\",\"parameters\":{\"top_k\":3}}"));
        assertThat(out.isArray()).isTrue();
        assertThat(out.size()).isEqualTo(3);
        assertThat(out.get(0).get("answer").asString()).isEqualTo("New York");
        assertThat(out.get(0).get("score").asDouble()).isGreaterThanOrEqualTo(out.get(1).get("score").asDouble());
        assertThat(out.get(1).get("score").asDouble()).isGreaterThanOrEqualTo(out.get(2).get("score").asDouble());
    }

    @Test
    void handleImpossibleAnswerPrefersTheNullAnswerWhenClsWins() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.json(
                "{\"inputs\":{\"question\":\"Where does John live?\",\"context\":\"John lives in New York.\"},"
                        + "\"parameters\":{\"handle_impossible_answer\":true}}"));
        assertThat(out.get("answer").asString()).isEmpty();
        assertThat(out.get("start").asInt()).isZero();
        assertThat(out.get("score").asDouble()).isCloseTo(probs(S)[0] * probs(T)[0], within(1e-9));
    }
}
