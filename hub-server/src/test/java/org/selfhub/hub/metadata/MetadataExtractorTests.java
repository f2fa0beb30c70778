package org.selfhub.hub.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.shared.RepoType;
import tools.jackson.databind.json.JsonMapper;

class MetadataExtractorTests {

    private static final int GGML_F32 = 0;
    private static final int GGML_Q4_K = 12;

    private final MetadataExtractor extractor = new MetadataExtractor();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void extractsEverythingFromAShardedModelWithACard() throws Exception {
        byte[] shard1 = SafetensorsFixture.file()
                .tensor("embed.weight", "F32", 10, 20)
                .tensor("layers.0.weight", "BF16", 3, 4, 5)
                .bytes();
        byte[] shard2 = SafetensorsFixture.file()
                .tensor("layers.1.weight", "BF16", 3, 4, 5)
                .tensor("lm_head.weight", "F32", 20, 10)
                .tensor("position_ids", "I64", 1, 7)
                .bytes();
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .regular("README.md", ModelCardParserTests.FULL_CARD)
                .regular("config.json", "{\"architectures\":[\"LlamaForCausalLM\"],\"model_type\":\"llama\",\"hidden_size\":64}")
                .regular("tokenizer_config.json", "{\"bos_token\":{\"content\":\"<s>\",\"lstrip\":false},"
                        + "\"eos_token\":\"</s>\",\"chat_template\":\"{{ messages }}\",\"model_max_length\":4096}")
                .regular("model.safetensors.index.json", SafetensorsFixture.index(Map.of(
                        "embed.weight", "model-00001-of-00002.safetensors",
                        "layers.0.weight", "model-00001-of-00002.safetensors",
                        "layers.1.weight", "model-00002-of-00002.safetensors",
                        "lm_head.weight", "model-00002-of-00002.safetensors",
                        "position_ids", "model-00002-of-00002.safetensors")))
                .lfs("model-00001-of-00002.safetensors", shard1)
                .lfs("model-00002-of-00002.safetensors", shard2);

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, files);

        assertThat(metadata.safetensors()).isEqualTo(new SafetensorsInfo(Map.of("F32", 400L, "BF16", 120L, "I64", 7L), 527));
        assertThat(json.writeValueAsString(metadata.safetensors().toJson()))
                .isEqualTo("{\"parameters\":{\"BF16\":120,\"F32\":400,\"I64\":7},\"total\":527}");
        assertThat(metadata.cardData()).isEqualTo(ModelCardParser.parse(
                ModelCardParserTests.FULL_CARD.getBytes(java.nio.charset.StandardCharsets.UTF_8)).data());
        assertThat(metadata.cardData()).containsEntry("license", "apache-2.0")
                .containsEntry("language", List.of("en", "no", "fr"));
        assertThat(metadata.pipelineTag()).isEqualTo("text-generation");
        assertThat(metadata.libraryName()).isEqualTo("transformers");
        assertThat(metadata.license()).isEqualTo("apache-2.0");
        assertThat(metadata.tags()).containsExactly("transformers", "safetensors", "llama", "text-generation",
                "conversational", "en", "no", "fr", "dataset:acme/instructions", "arxiv:2307.09288",
                "base_model:meta-llama/Llama-3.1-8B", "base_model:finetune:meta-llama/Llama-3.1-8B",
                "license:apache-2.0");
        assertThat(json.writeValueAsString(metadata.config())).isEqualTo("{\"architectures\":[\"LlamaForCausalLM\"],"
                + "\"model_type\":\"llama\",\"tokenizer_config\":{\"bos_token\":\"<s>\",\"eos_token\":\"</s>\","
                + "\"chat_template\":\"{{ messages }}\"}}");
        assertThat(metadata.gguf()).isNull();
        assertThat(metadata.problems()).isEmpty();
    }

    @Test
    void countsASingleSafetensorsFile() {
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .lfs("model.safetensors", SafetensorsFixture.file().tensor("w", "F16", 4, 4).bytes())
                .lfs("extra.safetensors", SafetensorsFixture.file().tensor("x", "F32", 9).bytes());

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, files);

        assertThat(metadata.safetensors()).isEqualTo(new SafetensorsInfo(Map.of("F16", 16L), 16));
        assertThat(metadata.libraryName()).isNull();
        assertThat(metadata.tags()).containsExactly("safetensors");
    }

    @Test
    void readsOnlyTheHeadersOfManyLargeShards() {
        InMemoryRepoFiles files = new InMemoryRepoFiles();
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (int i = 1; i <= 30; i++) {
            String shard = String.format("model-%05d-of-00030.safetensors", i);
            byte[] header = SafetensorsFixture.file().tensor("t" + i, "BF16", 4096, 4096).bytes();
            // Listed as 5 GB, but only the header bytes exist: a read past them would fail the test.
            files.large(shard, java.util.Arrays.copyOf(header, header.length - 4096 * 4096 * 2), 5_000_000_000L);
            weightMap.put("t" + i, shard);
        }
        files.regular("model.safetensors.index.json", SafetensorsFixture.index(weightMap));

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, files);

        assertThat(metadata.safetensors()).isEqualTo(new SafetensorsInfo(Map.of("BF16", 30L * 4096 * 4096), 30L * 4096 * 4096));
        assertThat(metadata.problems()).isEmpty();
    }

    @Test
    void sumsEveryTopLevelSafetensorsFileWhenThereIsNoIndexOrModelFile() {
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .lfs("adapter_model.safetensors", SafetensorsFixture.file().tensor("a", "F32", 8, 2).bytes())
                .lfs("extra.safetensors", SafetensorsFixture.file().tensor("b", "F32", 4).bytes())
                .lfs("sub/ignored.safetensors", SafetensorsFixture.file().tensor("c", "F32", 100).bytes());

        assertThat(extractor.extract(RepoType.MODEL, files).safetensors())
                .isEqualTo(new SafetensorsInfo(Map.of("F32", 20L), 20));
    }

    @Test
    void leavesSafetensorsOutWhenTheIndexNamesAMissingOrEscapingShard() {
        InMemoryRepoFiles missing = new InMemoryRepoFiles()
                .regular("model.safetensors.index.json", SafetensorsFixture.index(Map.of(
                        "a", "model-00001-of-00002.safetensors", "b", "model-00002-of-00002.safetensors")))
                .lfs("model-00001-of-00002.safetensors", SafetensorsFixture.file().tensor("a", "F32", 1).bytes());
        InMemoryRepoFiles escaping = new InMemoryRepoFiles()
                .regular("model.safetensors.index.json", SafetensorsFixture.index(Map.of("a", "../other/model.safetensors")));
        InMemoryRepoFiles noWeightMap = new InMemoryRepoFiles()
                .regular("model.safetensors.index.json", "{\"metadata\":{}}");

        RepoMetadata a = extractor.extract(RepoType.MODEL, missing);
        RepoMetadata b = extractor.extract(RepoType.MODEL, escaping);
        RepoMetadata c = extractor.extract(RepoType.MODEL, noWeightMap);

        assertThat(a.safetensors()).isNull();
        assertThat(a.problems()).containsExactly("model.safetensors.index.json names model-00002-of-00002.safetensors,"
                + " which is not in the commit; no safetensors data");
        assertThat(b.safetensors()).isNull();
        assertThat(b.problems()).containsExactly(
                "model.safetensors.index.json names a shard that is not a relative path; no safetensors data");
        assertThat(c.problems()).containsExactly("model.safetensors.index.json has no weight_map; no safetensors data");
    }

    @Test
    void aMalformedShardLeavesOnlySafetensorsOut() {
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .regular("README.md", "---\nlicense: mit\n---\n")
                .lfs("model.safetensors", SafetensorsFixture.declaring(5_000, new byte[10]));

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, files);

        assertThat(metadata.safetensors()).isNull();
        assertThat(metadata.license()).isEqualTo("mit");
        assertThat(metadata.tags()).containsExactly("safetensors", "license:mit");
        assertThat(metadata.problems()).containsExactly(
                "model.safetensors: the header length 5000 runs past the end of the file; no safetensors data");
    }

    @Test
    void aMalformedCardLeavesOnlyTheCardOut() {
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .regular("README.md", "---\n- not\n- a mapping\n---\n# Model")
                .regular("config.json", "{\"architectures\":[\"BertForMaskedLM\"],\"model_type\":\"bert\"}")
                .lfs("model.safetensors", SafetensorsFixture.file().tensor("w", "F32", 2, 2).bytes());

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, files);

        assertThat(metadata.cardData()).isNull();
        assertThat(metadata.license()).isNull();
        assertThat(metadata.libraryName()).isEqualTo("transformers");
        assertThat(metadata.pipelineTag()).isEqualTo("fill-mask");
        assertThat(metadata.safetensors().total()).isEqualTo(4);
        assertThat(metadata.tags()).containsExactly("transformers", "safetensors", "bert", "fill-mask");
        assertThat(metadata.problems()).containsExactly(
                "README.md: the YAML front matter is not a mapping; no card data");
    }

    @Test
    void aMalformedConfigIsIgnoredWithAReason() {
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .regular("config.json", "[1, 2]")
                .regular("tokenizer_config.json", "{not json");

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, files);

        assertThat(metadata.config()).isNull();
        assertThat(metadata.libraryName()).isNull();
        assertThat(metadata.problems()).hasSize(2)
                .allSatisfy(p -> assertThat(p).endsWith("; ignored"))
                .anySatisfy(p -> assertThat(p).startsWith("config.json is not a JSON object: "))
                .anySatisfy(p -> assertThat(p).startsWith("tokenizer_config.json is not a JSON object: "));
    }

    @Test
    void readsTheGgufHeaderOfAQuantizedModel() {
        byte[] model = GgufFixture.file()
                .string("general.architecture", "llama")
                .u32("general.file_type", 15)
                .u32("llama.context_length", 4096)
                .string("tokenizer.chat_template", "{% for m in messages %}{{ m.content }}{% endfor %}")
                .strings(GgufReader.TOKENS_KEY, List.of("<unk>", "<s>", "</s>"))
                .u32("tokenizer.ggml.bos_token_id", 1)
                .u32("tokenizer.ggml.eos_token_id", 2)
                .tensor("token_embd.weight", GGML_Q4_K, 256, 3)
                .tensor("output_norm.weight", GGML_F32, 256)
                .bytes();
        byte[] projector = GgufFixture.file().string("general.architecture", "clip").tensor("v", GGML_F32, 5).bytes();
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .regular("README.md", "---\nbase_model: acme/base\nlicense: mit\n---\n")
                .lfs("mmproj-model-f16.gguf", projector)
                .lfs("model-Q4_K_M.gguf", model);

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, files);

        assertThat(metadata.gguf()).isEqualTo(new GgufInfo(1024, "llama", 4096L,
                "{% for m in messages %}{{ m.content }}{% endfor %}", "<s>", "</s>", 15, "Q4_K_M", "model-Q4_K_M.gguf"));
        Map<String, Object> expectedJson = new LinkedHashMap<>();
        expectedJson.put("total", 1024L);
        expectedJson.put("architecture", "llama");
        expectedJson.put("context_length", 4096L);
        expectedJson.put("chat_template", "{% for m in messages %}{{ m.content }}{% endfor %}");
        expectedJson.put("bos_token", "<s>");
        expectedJson.put("eos_token", "</s>");
        expectedJson.put("quantization", "Q4_K_M");
        assertThat(metadata.gguf().toJson()).containsExactlyEntriesOf(expectedJson);
        assertThat(metadata.libraryName()).isEqualTo("gguf");
        assertThat(metadata.pipelineTag()).isNull();
        assertThat(metadata.safetensors()).isNull();
        assertThat(metadata.tags()).containsExactly("gguf", "conversational", "base_model:acme/base",
                "base_model:quantized:acme/base", "license:mit");
        assertThat(metadata.problems()).isEmpty();
    }

    @Test
    void sumsTheTensorsOfASplitGgufFile() {
        byte[] part1 = GgufFixture.file().string("general.architecture", "qwen2").u32("split.count", 2)
                .tensor("a", GGML_F32, 10, 10).bytes();
        byte[] part2 = GgufFixture.file().u32("split.count", 2).tensor("b", GGML_F32, 5, 5).bytes();
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .lfs("Q8_0/model-Q8_0-00001-of-00002.gguf", part1)
                .lfs("Q8_0/model-Q8_0-00002-of-00002.gguf", part2);
        InMemoryRepoFiles incomplete = new InMemoryRepoFiles()
                .lfs("Q8_0/model-Q8_0-00001-of-00002.gguf", part1);

        RepoMetadata complete = extractor.extract(RepoType.MODEL, files);
        RepoMetadata partial = extractor.extract(RepoType.MODEL, incomplete);

        assertThat(complete.gguf()).isEqualTo(new GgufInfo(125, "qwen2", null, null, null, null, null, null,
                "Q8_0/model-Q8_0-00001-of-00002.gguf"));
        assertThat(complete.gguf().toJson()).isEqualTo(Map.of("total", 125L, "architecture", "qwen2"));
        assertThat(partial.gguf()).isNull();
        assertThat(partial.problems()).containsExactly("Q8_0/model-Q8_0-00001-of-00002.gguf is split in 2 files but "
                + "Q8_0/model-Q8_0-00002-of-00002.gguf is not in the commit; no gguf data");
    }

    @Test
    void aMalformedGgufLeavesOnlyGgufOut() {
        InMemoryRepoFiles files = new InMemoryRepoFiles().lfs("model.gguf", "GGUF\1\0\0\0".getBytes());

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, files);

        assertThat(metadata.gguf()).isNull();
        assertThat(metadata.libraryName()).isEqualTo("gguf");
        assertThat(metadata.tags()).containsExactly("gguf");
        assertThat(metadata.problems()).containsExactly("model.gguf: GGUF version 1 is not supported; no gguf data");
    }

    @Test
    void aFailingReadBecomesAProblemNotAnException() {
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .regular("README.md", "---\nlicense: mit\n---\n")
                .unreadable("model.safetensors", 1_000_000);

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, files);

        assertThat(metadata.safetensors()).isNull();
        assertThat(metadata.license()).isEqualTo("mit");
        assertThat(metadata.problems()).containsExactly(
                "safetensors: a file could not be read (object for model.safetensors is missing); no safetensors data");
    }

    @Test
    void anUnexpectedFailureOfThePortNeverEscapes() {
        RepoFiles broken = new RepoFiles() {
            @Override
            public List<RepoFile> files() {
                return List.of(new RepoFile("README.md", 10, false));
            }

            @Override
            public Optional<byte[]> readSmall(String path, int maxBytes) {
                throw new IllegalStateException("boom");
            }

            @Override
            public byte[] readRange(String path, long offset, int length) throws IOException {
                throw new IOException("unused");
            }
        };

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, broken);

        assertThat(metadata.cardData()).isNull();
        assertThat(metadata.tags()).isEmpty();
        assertThat(metadata.problems()).containsExactly("metadata extraction failed unexpectedly");
    }

    @Test
    void refusesToReadOversizedSmallFiles() {
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .unreadable("README.md", MetadataExtractor.MAX_CARD_BYTES + 1L);

        assertThat(extractor.extract(RepoType.MODEL, files).problems())
                .containsExactly("README.md is larger than 4194304 bytes; not read");
    }

    @Test
    void infersSentenceTransformers() {
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .regular("modules.json", "[]")
                .regular("config.json", "{\"architectures\":[\"BertModel\"],\"model_type\":\"bert\"}");

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, files);

        assertThat(metadata.libraryName()).isEqualTo("sentence-transformers");
        assertThat(metadata.pipelineTag()).isEqualTo("sentence-similarity");
        assertThat(metadata.tags()).containsExactly("sentence-transformers", "bert", "sentence-similarity");
    }

    @Test
    void infersPeftAdaptersAndTheirRelationToTheBaseModel() {
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .regular("README.md", "---\nbase_model: meta-llama/Llama-3.2-1B\n---\n")
                .regular("adapter_config.json", "{\"base_model_name_or_path\":\"meta-llama/Llama-3.2-1B\","
                        + "\"task_type\":\"CAUSAL_LM\",\"r\":8}")
                .lfs("adapter_model.safetensors", SafetensorsFixture.file().tensor("lora_A", "F32", 8, 16).bytes());

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, files);

        assertThat(metadata.libraryName()).isEqualTo("peft");
        assertThat(metadata.config()).isEqualTo(Map.of("peft",
                Map.of("base_model_name_or_path", "meta-llama/Llama-3.2-1B", "task_type", "CAUSAL_LM")));
        assertThat(metadata.safetensors()).isEqualTo(new SafetensorsInfo(Map.of("F32", 128L), 128));
        assertThat(metadata.tags()).containsExactly("peft", "safetensors", "base_model:meta-llama/Llama-3.2-1B",
                "base_model:adapter:meta-llama/Llama-3.2-1B");
    }

    @Test
    void theCardsExplicitRelationLibraryAndPipelineWin() {
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .regular("README.md", "---\nbase_model: a/b\nbase_model_relation: merge\nlibrary_name: mlx\n"
                        + "pipeline_tag: text-classification\n---\n")
                .regular("config.json", "{\"architectures\":[\"LlamaForCausalLM\"],\"model_type\":\"llama\","
                        + "\"quantization_config\":{\"quant_method\":\"awq\",\"bits\":4,\"group_size\":128}}");

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, files);

        assertThat(metadata.libraryName()).isEqualTo("mlx");
        assertThat(metadata.pipelineTag()).isEqualTo("text-classification");
        assertThat(metadata.config()).isEqualTo(Map.of("architectures", List.of("LlamaForCausalLM"),
                "model_type", "llama", "quantization_config", Map.of("quant_method", "awq", "bits", 4)));
        assertThat(metadata.tags()).containsExactly("mlx", "llama", "text-classification", "base_model:a/b",
                "base_model:merge:a/b");
    }

    @Test
    void infersQuantizedFromAQuantizationConfig() {
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .regular("README.md", "---\nbase_model: a/b\n---\n")
                .regular("config.json", "{\"model_type\":\"llama\",\"quantization_config\":{\"quant_method\":\"gptq\"}}");

        assertThat(extractor.extract(RepoType.MODEL, files).tags())
                .containsExactly("transformers", "llama", "base_model:a/b", "base_model:quantized:a/b");
    }

    @Test
    void infersDiffusersTextToImage() {
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .regular("model_index.json", "{\"_class_name\":\"StableDiffusionXLPipeline\",\"_diffusers_version\":\"0.30.0\"}")
                .lfs("unet/diffusion_pytorch_model.safetensors", SafetensorsFixture.file().tensor("u", "F16", 3).bytes());

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, files);

        assertThat(metadata.libraryName()).isEqualTo("diffusers");
        assertThat(metadata.pipelineTag()).isEqualTo("text-to-image");
        assertThat(metadata.config()).isEqualTo(Map.of("diffusers", Map.of("_class_name", "StableDiffusionXLPipeline")));
        assertThat(metadata.safetensors()).isNull();
        assertThat(metadata.tags()).containsExactly("diffusers", "safetensors", "text-to-image");
    }

    @Test
    void infersNoTaskWhereTheArchitectureIsAmbiguous() {
        InMemoryRepoFiles t5 = new InMemoryRepoFiles()
                .regular("config.json", "{\"architectures\":[\"T5ForConditionalGeneration\"],\"model_type\":\"t5\"}");
        InMemoryRepoFiles timm = new InMemoryRepoFiles()
                .regular("config.json", "{\"architecture\":\"resnet50\",\"num_classes\":1000}");

        RepoMetadata a = extractor.extract(RepoType.MODEL, t5);
        RepoMetadata b = extractor.extract(RepoType.MODEL, timm);

        assertThat(a.libraryName()).isEqualTo("transformers");
        assertThat(a.pipelineTag()).isNull();
        assertThat(b.libraryName()).isNull();
        assertThat(b.config()).isNull();
    }

    @Test
    void tagsWeightFormatsInHuggingFaceOrder() {
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .lfs("model.safetensors", SafetensorsFixture.file().tensor("w", "F32", 1).bytes())
                .lfs("onnx/model.onnx", new byte[8])
                .lfs("tf_model.h5", new byte[8])
                .lfs("pytorch_model.bin", new byte[8])
                .lfs("flax_model.msgpack", new byte[8])
                .lfs("runs/events.out.tfevents.1700000000.host", new byte[8]);

        assertThat(extractor.extract(RepoType.MODEL, files).tags())
                .containsExactly("pytorch", "tf", "jax", "onnx", "safetensors", "tensorboard");
    }

    @Test
    void leavesOutCardValuesTooLongForTheirColumns() {
        String longTask = "t".repeat(101);
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .regular("README.md", "---\npipeline_tag: " + longTask + "\n---\n");

        RepoMetadata metadata = extractor.extract(RepoType.MODEL, files);

        assertThat(metadata.pipelineTag()).isNull();
        assertThat(metadata.cardData()).isEqualTo(Map.of("pipeline_tag", longTask));
        assertThat(metadata.problems()).containsExactly("card pipeline_tag is longer than 100 characters; ignored");
    }

    @Test
    void datasetsGetCardDataAndTagsButNoWeightMetadata() {
        InMemoryRepoFiles files = new InMemoryRepoFiles()
                .regular("README.md", "---\nlicense: cc-by-4.0\nlanguage: [en]\ntask_categories: [text-classification]\n"
                        + "size_categories: [1K<n<10K]\n---\n")
                .regular("config.json", "{\"model_type\":\"bert\"}")
                .lfs("data/train.safetensors", SafetensorsFixture.file().tensor("x", "F32", 3).bytes());

        RepoMetadata metadata = extractor.extract(RepoType.DATASET, files);

        assertThat(metadata.license()).isEqualTo("cc-by-4.0");
        assertThat(metadata.tags()).containsExactly("task_categories:text-classification", "language:en",
                "license:cc-by-4.0", "size_categories:1K<n<10K");
        assertThat(metadata.config()).isNull();
        assertThat(metadata.libraryName()).isNull();
        assertThat(metadata.safetensors()).isNull();
        assertThat(files.furthestRead("data/train.safetensors")).isZero();
    }

    @Test
    void anEmptyCommitHasNoMetadata() {
        RepoMetadata metadata = extractor.extract(RepoType.MODEL, new InMemoryRepoFiles());

        assertThat(metadata).isEqualTo(new RepoMetadata(null, null, List.of(), null, null, null, null, null, List.of()));
    }
}
