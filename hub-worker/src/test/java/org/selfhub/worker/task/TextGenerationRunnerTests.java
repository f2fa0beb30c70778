package org.selfhub.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;

class TextGenerationRunnerTests {

    /** A bigram LM: logits of the next token = T[current token]; the chain below is forced. */
    static final float[][] T = TinyModels.random(TinyModels.V, TinyModels.V, 41);
    static final float[][] I = new float[TinyModels.V][TinyModels.V];
    static final String[] CHAIN = {"i", "love", "this", "movie", "##s", "!", "[SEP]"};

    static {
        for (int k = 0; k + 1 < CHAIN.length; k++) {
            T[TinyModels.id(CHAIN[k])][TinyModels.id(CHAIN[k + 1])] += 8;
        }
        for (int i = 0; i < TinyModels.V; i++) {
            I[i][i] = 1;
        }
    }

    @TempDir
    static Path tmp;
    static LoadedModel model;

    @BeforeAll
    static void load() throws Exception {
        model = TinyModels.load(TinyModels.write(tmp.resolve("lm"), TinyModels.tokenLogits(T, I, new float[TinyModels.V]),
                TinyModels.tokenizerJson(false), Map.of("config.json", "{\"model_type\":\"gpt2\",\"eos_token_id\":3}")));
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    private final TextGenerationRunner runner = new TextGenerationRunner();

    @Test
    void greedyProducesTheForcedContinuationAndStopsAtEos() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.json("{\"inputs\":\"I\",\"parameters\":{\"details\":true}}"));
        assertThat(out.size()).isEqualTo(1);
        assertThat(out.get(0).get("generated_text").asString()).isEqualTo("love this movies!");
        JsonNode details = out.get(0).get("details");
        assertThat(details.get("finish_reason").asString()).isEqualTo("eos_token");
        assertThat(details.get("generated_tokens").asInt()).isEqualTo(6);
        assertThat(details.get("tokens").get(5).get("special").asBoolean()).isTrue();
        assertThat(details.get("tokens").get(0).get("id").asInt()).isEqualTo(TinyModels.id("love"));
    }

    @Test
    void maxNewTokensStopSequencesAndFullText() throws Exception {
        assertThat(runner.run(model, TaskRequest.json("{\"inputs\":\"I\",\"parameters\":{\"max_new_tokens\":2}}"))
                .get(0).get("generated_text").asString()).isEqualTo("love this");
        assertThat(runner.run(model, TaskRequest.json("{\"inputs\":\"I\",\"parameters\":{\"stop\":[\"movie\"],\"return_full_text\":true}}"))
                .get(0).get("generated_text").asString()).isEqualTo("Ilove this movie");
    }

    @Test
    void samplingWithASeedIsReproducible() throws Exception {
        String body = "{\"inputs\":\"I hate\",\"parameters\":{\"do_sample\":true,\"temperature\":5.0,\"seed\":123,\"max_new_tokens\":8,\"details\":true}}";
        JsonNode a = runner.run(model, TaskRequest.json(body));
        JsonNode b = runner.run(model, TaskRequest.json(body));
        assertThat(a).isEqualTo(b);
        assertThat(a.get(0).get("details").get("seed").asLong()).isEqualTo(123);
        // top_k 1 leaves only the argmax, so sampling equals greedy.
        JsonNode topOne = runner.run(model, TaskRequest.json("{\"inputs\":\"I\",\"parameters\":{\"top_k\":1,\"seed\":9}}"));
        assertThat(topOne.get(0).get("generated_text").asString()).isEqualTo("love this movies!");
    }

    @Test
    void streamsOneEventPerTokenThenDone() throws Exception {
        List<String> events = new ArrayList<>();
        String body = runner.stream(model, TaskRequest.json("{\"inputs\":\"I\",\"parameters\":{\"max_new_tokens\":3}}"), events::add);
        assertThat(events).hasSize(4);
        assertThat(events.get(3)).isEqualTo("data: [DONE]\n\n");
        JsonNode first = TaskRequest.JSON.readTree(events.get(0).substring(5));
        assertThat(first.get("index").asInt()).isEqualTo(1);
        assertThat(first.get("token").get("text").asString()).isEqualTo("love");
        assertThat(first.get("generated_text").isNull()).isTrue();
        JsonNode last = TaskRequest.JSON.readTree(events.get(2).substring(5));
        assertThat(last.get("generated_text").asString()).isEqualTo("love this movie");
        assertThat(last.get("details").get("finish_reason").asString()).isEqualTo("length");
        assertThat(body).isEqualTo(String.join("", events));
    }

    @Test
    void unknownParametersGetTheMessageHuggingfaceHubRetriesOn() {
        assertThatThrownBy(() -> runner.run(model, TaskRequest.json("{\"inputs\":\"I\",\"parameters\":{\"watermark\":true,\"max_new_tokens\":2}}")))
                .isInstanceOf(TaskException.class)
                .hasMessageStartingWith("The following `model_kwargs` are not used by the model: ['watermark']");
    }
}
