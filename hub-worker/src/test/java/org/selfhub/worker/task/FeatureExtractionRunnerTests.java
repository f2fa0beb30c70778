package org.selfhub.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;

/** Feature extraction and sentence similarity on the real MiniLM, checked against langchain4j's own class. */
class FeatureExtractionRunnerTests {

    static final List<String> SENTENCES = List.of(
            "Hello world, this is a test.",
            "The cat sits on the mat.",
            "A quick brown fox jumps over the lazy dog!",
            "Stock markets fell sharply on Monday after the announcement.",
            "Café crème and naïve résumé — unicode text ✓");

    @TempDir
    static Path tmp;
    static LoadedModel stModel;
    static LoadedModel plainModel;
    static AllMiniLmL6V2QuantizedEmbeddingModel oracle;

    @BeforeAll
    static void load() throws Exception {
        stModel = MiniLmModel.load(MiniLmModel.write(tmp.resolve("st"), true));
        plainModel = MiniLmModel.load(MiniLmModel.write(tmp.resolve("plain"), false));
        oracle = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    @AfterAll
    static void close() throws Exception {
        stModel.close();
        plainModel.close();
    }

    private final FeatureExtractionRunner fe = new FeatureExtractionRunner();
    private final SentenceSimilarityRunner ss = new SentenceSimilarityRunner();

    @Test
    void matchesLangchain4jForEachSentence() throws Exception {
        for (String s : SENTENCES) {
            JsonNode out = fe.run(stModel, TaskRequest.json(
                    TaskRequest.JSON.writeValueAsString(java.util.Map.of("inputs", s))));
            assertThat(out.isArray()).isTrue();
            assertThat(out.size()).isEqualTo(384);
            float[] ours = floats(out);
            float[] theirs = oracle.embed(s).content().vector();
            assertThat(SentenceEmbedder.cosine(ours, theirs)).as(s).isGreaterThanOrEqualTo(0.9999);
            assertThat(norm(ours)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void aListGivesOneVectorPerText() throws Exception {
        JsonNode out = fe.run(stModel, TaskRequest.json("{\"inputs\":[\"" + SENTENCES.get(0) + "\",\"" + SENTENCES.get(1) + "\"]}"));
        assertThat(out.size()).isEqualTo(2);
        assertThat(out.get(1).size()).isEqualTo(384);
        float[] theirs = oracle.embed(SENTENCES.get(1)).content().vector();
        // Padded batch: the quantized graph quantizes activations per tensor, so allow a little more.
        assertThat(SentenceEmbedder.cosine(floats(out.get(1)), theirs)).isGreaterThan(0.999);
    }

    @Test
    void normalizeFalseKeepsTheRawMeanAndDimensionsCutsThenRenormalizes() throws Exception {
        JsonNode raw = fe.run(stModel, TaskRequest.json("{\"inputs\":\"Hello world, this is a test.\",\"normalize\":false}"));
        assertThat(norm(floats(raw))).isNotCloseTo(1.0, within(1e-3));
        JsonNode cut = fe.run(stModel, TaskRequest.json("{\"inputs\":\"Hello world, this is a test.\",\"dimensions\":64}"));
        assertThat(cut.size()).isEqualTo(64);
        assertThat(norm(floats(cut))).isCloseTo(1.0, within(1e-5));
        float[] expected = SentenceEmbedder.l2Normalize(java.util.Arrays.copyOf(floats(raw), 64));
        assertThat(floats(cut)).containsExactly(expected, within(1e-6f));
    }

    @Test
    void plainTransformersModelGivesTokenVectors() throws Exception {
        JsonNode out = fe.run(plainModel, TaskRequest.json("{\"inputs\":\"Hello world\"}"));
        // [CLS] hello world [SEP]: one text × 4 tokens × 384
        assertThat(out.size()).isEqualTo(1);
        assertThat(out.get(0).size()).isEqualTo(4);
        assertThat(out.get(0).get(0).size()).isEqualTo(384);
        // Mean of the token vectors, normalised, is the sentence embedding.
        float[] mean = new float[384];
        for (JsonNode tok : out.get(0)) {
            float[] v = floats(tok);
            for (int i = 0; i < 384; i++) {
                mean[i] += v[i] / 4;
            }
        }
        float[] theirs = oracle.embed("Hello world").content().vector();
        assertThat(SentenceEmbedder.cosine(mean, theirs)).isGreaterThanOrEqualTo(0.9999);
    }

    @Test
    void sentenceSimilarityRanksTheParaphraseFirst() throws Exception {
        JsonNode out = ss.run(stModel, TaskRequest.json("""
                {"inputs":{"source_sentence":"A man is eating food.",
                 "sentences":["A man is eating a piece of bread.","The girl is carrying a baby.","A man is riding a horse."]},
                 "parameters":{}}"""));
        assertThat(out.size()).isEqualTo(3);
        double s0 = out.get(0).asDouble();
        double s1 = out.get(1).asDouble();
        double s2 = out.get(2).asDouble();
        assertThat(s0).isGreaterThan(s2).isGreaterThan(s1);
        float[] a = oracle.embed("A man is eating food.").content().vector();
        float[] b = oracle.embed("A man is eating a piece of bread.").content().vector();
        assertThat(s0).isCloseTo(SentenceEmbedder.cosine(a, b), within(1e-4));
    }

    @Test
    void rejectsMissingInputs() {
        assertThatThrownBy(() -> fe.run(stModel, TaskRequest.json("{\"inputs\":42}")))
                .isInstanceOf(TaskException.class).hasMessageContaining("inputs");
        assertThatThrownBy(() -> ss.run(stModel, TaskRequest.json("{\"inputs\":{\"sentences\":[\"a\"]}}")))
                .isInstanceOf(TaskException.class).hasMessageContaining("source_sentence");
    }

    static float[] floats(JsonNode arr) {
        float[] v = new float[arr.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = arr.get(i).floatValue();
        }
        return v;
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
