package org.selfhub.hub.metadata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.selfhub.hub.metadata.GgufReader.GgufHeader;
import org.selfhub.hub.metadata.ModelCardParser.MalformedCardException;
import org.selfhub.hub.metadata.ModelCardParser.ModelCard;
import org.selfhub.hub.shared.RepoType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Derives a repository's metadata from the files of a commit: card data, the {@code config} subset,
 * tags, pipeline tag, library, license, safetensors parameter counts and GGUF facts
 * (hub-api-contract.md §3.2). Runs when a commit lands, never on a read path.
 *
 * <p>Nothing here throws for bad input: a malformed card, JSON file or weight header leaves its
 * fields out and adds a reason to {@link RepoMetadata#problems()}, which is also logged. Only model
 * repositories get {@code config}, library, pipeline tag, safetensors and GGUF values; datasets and
 * spaces get card data, license and tags.
 *
 * <p>Where huggingface.co infers a value the card does not give, the rules here are deliberately
 * conservative:
 * <ul>
 * <li><b>library</b>: the card's {@code library_name}; else {@code sentence-transformers} with
 * {@code modules.json} or {@code config_sentence_transformers.json}, {@code diffusers} with
 * {@code model_index.json}, {@code peft} with {@code adapter_config.json}, {@code transformers} with a
 * {@code config.json} that names {@code model_type} or {@code architectures}, {@code gguf} with a
 * {@code .gguf} file; else none.</li>
 * <li><b>pipeline tag</b>: the card's {@code pipeline_tag}; else {@code sentence-similarity} for
 * sentence-transformers, the task of the first transformers architecture's head when it is
 * unambiguous ({@code …ForCausalLM} → {@code text-generation}, {@code …ForMaskedLM} →
 * {@code fill-mask}, …), {@code text-to-image} for the common diffusers text-to-image pipelines; else
 * none.</li>
 * <li><b>safetensors</b>: the shards {@code model.safetensors.index.json} names, else
 * {@code model.safetensors}, else every {@code .safetensors} file at the top of the repository.</li>
 * <li><b>gguf</b>: the first {@code .gguf} file by path that is not a vision projector
 * ({@code mmproj}), summed over its splits ({@code name-00001-of-00003.gguf}).</li>
 * </ul>
 */
@Component
public class MetadataExtractor {

    private static final Logger log = LoggerFactory.getLogger(MetadataExtractor.class);

    static final int MAX_CARD_BYTES = 4 * 1024 * 1024;
    static final int MAX_JSON_BYTES = 16 * 1024 * 1024;
    /** Headers of all safetensors shards together; real ones are kilobytes to a few megabytes each. */
    static final long MAX_SAFETENSORS_HEADER_TOTAL = 512L * 1024 * 1024;
    static final int MAX_SAFETENSORS_SHARDS = 10_000;
    static final long MAX_GGUF_HEADER_BYTES = 256L * 1024 * 1024;
    /** The width of {@code repository.pipeline_tag}, {@code library_name} and {@code license}. */
    static final int MAX_COLUMN_LENGTH = 100;

    private static final String README = "README.md";
    private static final String SAFETENSORS_INDEX = "model.safetensors.index.json";
    private static final String SAFETENSORS_SINGLE = "model.safetensors";
    private static final Pattern GGUF_SPLIT = Pattern.compile("(.*)-(\\d{5})-of-(\\d{5})\\.gguf", Pattern.CASE_INSENSITIVE);
    private static final List<String> TOKENIZER_CONFIG_KEYS = List.of(
            "bos_token", "eos_token", "unk_token", "pad_token", "sep_token", "cls_token", "mask_token", "chat_template");
    private static final Map<String, String> HEAD_TASKS = headTasks();
    private static final List<String> TEXT_TO_IMAGE_PIPELINES = List.of("StableDiffusionPipeline",
            "StableDiffusionXLPipeline", "StableDiffusion3Pipeline", "FluxPipeline", "PixArtAlphaPipeline");

    private final JsonMapper jsonMapper = JsonMapper.builder().build();
    private final SafetensorsReader safetensorsReader = new SafetensorsReader(jsonMapper);
    private final GgufReader ggufReader = new GgufReader(MAX_GGUF_HEADER_BYTES);

    /**
     * Derives the metadata of one commit. Never throws for bad content or failed reads.
     *
     * @param type  the repository's type
     * @param files the commit's files
     */
    public RepoMetadata extract(RepoType type, RepoFiles files) {
        Extraction x = new Extraction(files);
        try {
            x.run(type);
        } catch (RuntimeException e) {
            // A bug here must not fail a commit; what was derived so far stays.
            log.warn("Metadata extraction of {} failed", files.describe(), e);
            x.problems.add("metadata extraction failed unexpectedly");
        }
        for (String problem : x.problems) {
            log.info("Metadata of {}: {}", files.describe(), problem);
        }
        return new RepoMetadata(x.cardData, x.config, x.tags, x.pipelineTag, x.libraryName, x.license,
                x.safetensors, x.gguf, x.problems);
    }

    /** The state of one extraction. */
    private final class Extraction {

        private final RepoFiles files;
        private final Map<String, RepoFile> byPath;
        private final List<String> problems = new ArrayList<>();
        private Map<String, Object> cardData;
        private String body;
        private Map<String, Object> config;
        private List<String> tags = List.of();
        private String pipelineTag;
        private String libraryName;
        private String license;
        private SafetensorsInfo safetensors;
        private GgufInfo gguf;

        Extraction(RepoFiles files) {
            this.files = files;
            this.byPath = files.files().stream()
                    .collect(Collectors.toMap(RepoFile::path, Function.identity(), (a, b) -> a, TreeMap::new));
        }

        void run(RepoType type) {
            readCard();
            license = column("license", CardValues.first(cardData, "license"));
            if (type == RepoType.MODEL) {
                runModel();
            } else if (type == RepoType.DATASET) {
                tags = RepoTags.forDataset(cardData, body, problems);
            } else {
                tags = RepoTags.forSpace(cardData, body, problems);
            }
        }

        private void runModel() {
            Map<String, Object> configJson = readJsonObject("config.json");
            Map<String, Object> tokenizerConfig = readJsonObject("tokenizer_config.json");
            Map<String, Object> adapterConfig = readJsonObject("adapter_config.json");
            Map<String, Object> modelIndex = readJsonObject("model_index.json");
            config = configSubset(configJson, tokenizerConfig, adapterConfig, modelIndex);
            safetensors = section("safetensors", this::readSafetensors);
            gguf = section("gguf", this::readGguf);
            libraryName = column("library_name", Optional.ofNullable(CardValues.first(cardData, "library_name"))
                    .orElseGet(() -> inferLibrary(configJson)));
            pipelineTag = column("pipeline_tag", Optional.ofNullable(CardValues.first(cardData, "pipeline_tag"))
                    .orElseGet(() -> inferPipelineTag(libraryName, configJson, modelIndex)));
            boolean conversational = (gguf != null && gguf.chatTemplate() != null)
                    || (tokenizerConfig != null && tokenizerConfig.get("chat_template") != null)
                    || byPath.containsKey("chat_template.jinja") || byPath.containsKey("chat_template.json");
            String modelType = configJson != null && configJson.get("model_type") instanceof String s ? s : null;
            var facts = new RepoTags.ModelFacts(libraryName, weightFormats(), modelType, pipelineTag,
                    conversational, baseModelRelation(adapterConfig, configJson));
            tags = RepoTags.forModel(cardData, body, facts, problems);
        }

        private void readCard() {
            RepoFile readme = byPath.get(README);
            if (readme == null) {
                return;
            }
            Optional<byte[]> bytes = readSmall(readme, MAX_CARD_BYTES);
            if (bytes.isEmpty()) {
                return;
            }
            try {
                ModelCard card = ModelCardParser.parse(bytes.get());
                cardData = card.data();
                body = card.body();
            } catch (MalformedCardException e) {
                problems.add(README + ": " + e.getMessage() + "; no card data");
            }
        }

        /** A small file's bytes, or empty (with a problem when it exists but cannot be read). */
        private Optional<byte[]> readSmall(RepoFile file, int maxBytes) {
            if (file.size() > maxBytes) {
                problems.add(file.path() + " is larger than " + maxBytes + " bytes; not read");
                return Optional.empty();
            }
            try {
                Optional<byte[]> bytes = files.readSmall(file.path(), maxBytes);
                if (bytes.isEmpty()) {
                    problems.add(file.path() + " could not be read");
                }
                return bytes;
            } catch (IOException e) {
                problems.add(file.path() + " could not be read: " + e.getMessage());
                return Optional.empty();
            }
        }

        /** A top-level JSON object file as plain maps and lists, or null when absent or malformed. */
        private Map<String, Object> readJsonObject(String path) {
            RepoFile file = byPath.get(path);
            if (file == null) {
                return null;
            }
            Optional<byte[]> bytes = readSmall(file, MAX_JSON_BYTES);
            if (bytes.isEmpty()) {
                return null;
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> json = jsonMapper.readValue(bytes.get(), LinkedHashMap.class);
                if (json == null) {
                    problems.add(path + " is not a JSON object; ignored");
                }
                return json;
            } catch (JacksonException e) {
                problems.add(path + " is not a JSON object: " + e.getOriginalMessage() + "; ignored");
                return null;
            }
        }

        private <T> T section(String name, IoSection<T> section) {
            try {
                return section.run();
            } catch (IOException e) {
                problems.add(name + ": a file could not be read (" + e.getMessage() + "); no " + name + " data");
                return null;
            }
        }

        private SafetensorsInfo readSafetensors() throws IOException {
            List<RepoFile> shards = safetensorsFiles();
            if (shards == null || shards.isEmpty()) {
                return null;
            }
            if (shards.size() > MAX_SAFETENSORS_SHARDS) {
                problems.add("more than " + MAX_SAFETENSORS_SHARDS + " safetensors files; no safetensors data");
                return null;
            }
            Map<String, Long> counts = new TreeMap<>();
            long headerBytes = 0;
            for (RepoFile shard : shards) {
                try {
                    SafetensorsReader.Header header = safetensorsReader.read(files, shard);
                    header.parameters().forEach((dtype, n) -> counts.merge(dtype, n, Math::addExact));
                    headerBytes += header.length();
                } catch (MalformedFileException e) {
                    // A partial sum would be a wrong number; better none.
                    problems.add(shard.path() + ": " + e.getMessage() + "; no safetensors data");
                    return null;
                } catch (ArithmeticException e) {
                    problems.add("the safetensors parameter count overflows; no safetensors data");
                    return null;
                }
                if (headerBytes > MAX_SAFETENSORS_HEADER_TOTAL) {
                    problems.add("the safetensors headers are larger than " + MAX_SAFETENSORS_HEADER_TOTAL
                            + " bytes together; no safetensors data");
                    return null;
                }
            }
            return SafetensorsInfo.of(counts);
        }

        /** The files whose parameters count, or null when the index names files that cannot be used. */
        private List<RepoFile> safetensorsFiles() {
            RepoFile index = byPath.get(SAFETENSORS_INDEX);
            if (index != null) {
                Map<String, Object> json = readJsonObject(SAFETENSORS_INDEX);
                if (json == null) {
                    return null;
                }
                if (!(json.get("weight_map") instanceof Map<?, ?> weightMap) || weightMap.isEmpty()) {
                    problems.add(SAFETENSORS_INDEX + " has no weight_map; no safetensors data");
                    return null;
                }
                TreeSet<String> names = new TreeSet<>();
                for (Object shard : weightMap.values()) {
                    if (!(shard instanceof String name) || !isPlainRelativePath(name)) {
                        problems.add(SAFETENSORS_INDEX + " names a shard that is not a relative path; no safetensors data");
                        return null;
                    }
                    names.add(name);
                }
                List<RepoFile> shards = new ArrayList<>();
                for (String name : names) {
                    RepoFile shard = byPath.get(name);
                    if (shard == null) {
                        problems.add(SAFETENSORS_INDEX + " names " + name + ", which is not in the commit; no safetensors data");
                        return null;
                    }
                    shards.add(shard);
                }
                return shards;
            }
            RepoFile single = byPath.get(SAFETENSORS_SINGLE);
            if (single != null) {
                return List.of(single);
            }
            return byPath.values().stream()
                    .filter(f -> f.atRoot() && f.path().endsWith(".safetensors"))
                    .collect(Collectors.toList());
        }

        private GgufInfo readGguf() throws IOException {
            List<RepoFile> ggufFiles = byPath.values().stream()
                    .filter(f -> f.path().toLowerCase(Locale.ROOT).endsWith(".gguf"))
                    .collect(Collectors.toList());
            if (ggufFiles.isEmpty()) {
                return null;
            }
            RepoFile primary = ggufFiles.stream()
                    .filter(f -> !f.fileName().toLowerCase(Locale.ROOT).contains("mmproj"))
                    .findFirst().orElse(ggufFiles.get(0));
            List<RepoFile> splits = ggufSplits(primary, ggufFiles);
            if (splits == null) {
                return null;
            }
            GgufHeader first = null;
            long total = 0;
            for (RepoFile split : splits) {
                try {
                    GgufHeader header = ggufReader.read(files, split);
                    if (first == null) {
                        first = header;
                    }
                    total = Math.addExact(total, header.parameters());
                } catch (MalformedFileException e) {
                    problems.add(split.path() + ": " + e.getMessage() + "; no gguf data");
                    return null;
                } catch (ArithmeticException e) {
                    problems.add("the gguf parameter count overflows; no gguf data");
                    return null;
                }
            }
            String architecture = first.string("general.architecture");
            Long contextLength = architecture == null ? null : first.integer(architecture + ".context_length");
            Long fileType = first.integer("general.file_type");
            return new GgufInfo(total, architecture, contextLength, first.string("tokenizer.chat_template"),
                    token(first, "tokenizer.ggml.bos_token_id"), token(first, "tokenizer.ggml.eos_token_id"),
                    fileType == null ? null : fileType.intValue(),
                    fileType == null ? null : GgufReader.quantizationName(fileType), primary.path());
        }

        /** All parts of a split GGUF file in order, just the file when it is not split, null if parts are missing. */
        private List<RepoFile> ggufSplits(RepoFile primary, List<RepoFile> ggufFiles) {
            Matcher m = GGUF_SPLIT.matcher(primary.path());
            if (!m.matches()) {
                return List.of(primary);
            }
            int count = Integer.parseInt(m.group(3));
            List<RepoFile> splits = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String path = String.format(Locale.ROOT, "%s-%05d-of-%s.gguf", m.group(1), i, m.group(3));
                RepoFile split = byPath.get(path);
                if (split == null) {
                    problems.add(primary.path() + " is split in " + count + " files but " + path
                            + " is not in the commit; no gguf data");
                    return null;
                }
                splits.add(split);
            }
            return splits;
        }

        private String token(GgufHeader header, String idKey) {
            Long id = header.integer(idKey);
            if (id != null && header.metadata().get(GgufReader.TOKENS_KEY) instanceof List<?> tokens
                    && id >= 0 && id < tokens.size() && tokens.get(id.intValue()) instanceof String token) {
                return token;
            }
            return null;
        }

        private String inferLibrary(Map<String, Object> configJson) {
            if (byPath.containsKey("modules.json") || byPath.containsKey("config_sentence_transformers.json")) {
                return "sentence-transformers";
            }
            if (byPath.containsKey("model_index.json")) {
                return "diffusers";
            }
            if (byPath.containsKey("adapter_config.json")) {
                return "peft";
            }
            if (configJson != null && (configJson.containsKey("model_type") || configJson.containsKey("architectures"))) {
                return "transformers";
            }
            if (byPath.keySet().stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).endsWith(".gguf"))) {
                return "gguf";
            }
            return null;
        }

        private String inferPipelineTag(String library, Map<String, Object> configJson, Map<String, Object> modelIndex) {
            if ("sentence-transformers".equals(library)) {
                return "sentence-similarity";
            }
            if ("transformers".equals(library) && configJson != null) {
                List<String> architectures = CardValues.strings(configJson, "architectures");
                if (!architectures.isEmpty()) {
                    String architecture = architectures.get(0);
                    for (Map.Entry<String, String> head : HEAD_TASKS.entrySet()) {
                        if (architecture.endsWith(head.getKey())) {
                            return head.getValue();
                        }
                    }
                }
            }
            if ("diffusers".equals(library) && modelIndex != null
                    && TEXT_TO_IMAGE_PIPELINES.contains(String.valueOf(modelIndex.get("_class_name")))) {
                return "text-to-image";
            }
            return null;
        }

        /** The relation to the card's base models, as huggingface.co infers it when the card does not say. */
        private String baseModelRelation(Map<String, Object> adapterConfig, Map<String, Object> configJson) {
            List<String> baseModels = RepoTags.baseModels(cardData);
            if (baseModels.isEmpty()) {
                return null;
            }
            String explicit = CardValues.first(cardData, "base_model_relation");
            if (explicit != null && RepoTags.BASE_MODEL_RELATIONS.contains(explicit)) {
                return explicit;
            }
            if (adapterConfig != null || byPath.containsKey("adapter_config.json")) {
                return "adapter";
            }
            if (byPath.keySet().stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).endsWith(".gguf"))
                    || (configJson != null && configJson.get("quantization_config") instanceof Map)) {
                return "quantized";
            }
            return baseModels.size() > 1 ? "merge" : "finetune";
        }

        /** Weight formats present, in huggingface.co's tag order. */
        private List<String> weightFormats() {
            List<String> formats = new ArrayList<>();
            if (any(p -> p.equals("pytorch_model.bin") || p.matches("pytorch_model-\\d+-of-\\d+\\.bin")
                    || p.equals("pytorch_model.bin.index.json"))) {
                formats.add("pytorch");
            }
            if (any(p -> p.equals("tf_model.h5"))) {
                formats.add("tf");
            }
            if (any(p -> p.equals("flax_model.msgpack"))) {
                formats.add("jax");
            }
            if (any(p -> p.equals("rust_model.ot"))) {
                formats.add("rust");
            }
            if (any(p -> p.endsWith(".mlmodel")) || byPath.keySet().stream().anyMatch(p -> p.contains(".mlpackage/"))) {
                formats.add("coreml");
            }
            if (any(p -> p.endsWith(".onnx"))) {
                formats.add("onnx");
            }
            if (any(p -> p.endsWith(".safetensors"))) {
                formats.add("safetensors");
            }
            if (any(p -> p.endsWith(".gguf"))) {
                formats.add("gguf");
            }
            if (any(p -> p.contains("events.out.tfevents"))) {
                formats.add("tensorboard");
            }
            return formats;
        }

        /** Whether the lower-cased name (last segment) of any file matches. */
        private boolean any(java.util.function.Predicate<String> fileName) {
            return byPath.values().stream()
                    .map(f -> f.fileName().toLowerCase(Locale.ROOT))
                    .anyMatch(fileName);
        }

        /** A value for a {@code varchar(100)} column, or null with a problem when it does not fit. */
        private String column(String name, String value) {
            if (value != null && value.length() > MAX_COLUMN_LENGTH) {
                problems.add("card " + name + " is longer than " + MAX_COLUMN_LENGTH + " characters; ignored");
                return null;
            }
            return value;
        }
    }

    /**
     * The subset of configuration files that huggingface.co returns as {@code config}:
     * {@code architectures}, {@code model_type} and {@code quantization_config.quant_method}/{@code bits}
     * from {@code config.json}; the special tokens and chat template of {@code tokenizer_config.json}
     * (as {@code tokenizer_config}); {@code base_model_name_or_path} and {@code task_type} of a PEFT
     * {@code adapter_config.json} (as {@code peft}); the {@code _class_name} of a diffusers
     * {@code model_index.json} (as {@code diffusers}).
     */
    static Map<String, Object> configSubset(Map<String, Object> configJson, Map<String, Object> tokenizerConfig,
            Map<String, Object> adapterConfig, Map<String, Object> modelIndex) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (configJson != null) {
            List<String> architectures = CardValues.strings(configJson, "architectures");
            if (!architectures.isEmpty()) {
                out.put("architectures", architectures);
            }
            if (configJson.get("model_type") instanceof String modelType) {
                out.put("model_type", modelType);
            }
            if (configJson.get("quantization_config") instanceof Map<?, ?> quantization) {
                Map<String, Object> q = new LinkedHashMap<>();
                if (quantization.get("quant_method") instanceof String method) {
                    q.put("quant_method", method);
                }
                if (quantization.get("bits") instanceof Number bits) {
                    q.put("bits", bits);
                }
                if (!q.isEmpty()) {
                    out.put("quantization_config", q);
                }
            }
        }
        if (tokenizerConfig != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            for (String key : TOKENIZER_CONFIG_KEYS) {
                Object value = tokenizerConfig.get(key);
                if (value instanceof Map<?, ?> addedToken && addedToken.get("content") instanceof String content) {
                    // An AddedToken object: only its text matters to clients.
                    t.put(key, content);
                } else if (value instanceof String || ("chat_template".equals(key) && value instanceof List)) {
                    t.put(key, value);
                }
            }
            if (!t.isEmpty()) {
                out.put("tokenizer_config", t);
            }
        }
        if (adapterConfig != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            for (String key : List.of("base_model_name_or_path", "task_type")) {
                if (adapterConfig.get(key) instanceof String value) {
                    p.put(key, value);
                }
            }
            if (!p.isEmpty()) {
                out.put("peft", p);
            }
        }
        if (modelIndex != null && modelIndex.get("_class_name") instanceof String className) {
            out.put("diffusers", Map.of("_class_name", className));
        }
        return out.isEmpty() ? null : out;
    }

    private static boolean isPlainRelativePath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Head suffixes of transformers architectures whose task is unambiguous, longest first. */
    private static Map<String, String> headTasks() {
        Map<String, String> tasks = new TreeMap<>(Comparator.comparingInt(String::length).reversed()
                .thenComparing(Comparator.naturalOrder()));
        tasks.put("ForCausalLM", "text-generation");
        tasks.put("LMHeadModel", "text-generation");
        tasks.put("ForMaskedLM", "fill-mask");
        tasks.put("ForSequenceClassification", "text-classification");
        tasks.put("ForTokenClassification", "token-classification");
        tasks.put("ForQuestionAnswering", "question-answering");
        tasks.put("ForImageClassification", "image-classification");
        tasks.put("ForCTC", "automatic-speech-recognition");
        tasks.put("ForObjectDetection", "object-detection");
        tasks.put("ForSemanticSegmentation", "image-segmentation");
        return tasks;
    }

    @FunctionalInterface
    private interface IoSection<T> {
        T run() throws IOException;
    }
}
