package org.selfhub.hub.metadata;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives repository tags the way huggingface.co shows them, in its order. For a model, e.g.
 * {@code bert-base-uncased}: {@code transformers, pytorch, safetensors, bert, fill-mask, exbert, en,
 * dataset:bookcorpus, arxiv:1810.04805, license:apache-2.0}:
 * <ol>
 * <li>the library name;</li>
 * <li>weight formats present ({@code pytorch}, {@code tf}, {@code jax}, {@code onnx},
 * {@code safetensors}, {@code gguf}, …);</li>
 * <li>{@code model_type} from {@code config.json};</li>
 * <li>the pipeline tag;</li>
 * <li>the card's own {@code tags};</li>
 * <li>{@code conversational} when the model ships a chat template;</li>
 * <li>the card's {@code language} codes, bare;</li>
 * <li>{@code dataset:<id>} for each card {@code datasets} entry;</li>
 * <li>{@code arxiv:<id>} for each arXiv paper the card body links to;</li>
 * <li>{@code base_model:<id>} and {@code base_model:<relation>:<id>} for each card {@code base_model},
 * the relation being {@code adapter}, {@code merge}, {@code quantized} or {@code finetune};</li>
 * <li>{@code license:<id>}.</li>
 * </ol>
 * Tags huggingface.co adds for its own services ({@code region:us}, {@code endpoints_compatible},
 * {@code autotrain_compatible}, …) mean nothing on a self-hosted hub and are not derived. Datasets and
 * spaces get the card-derived tags their listings filter on ({@code task_categories:…},
 * {@code language:…}, {@code size_categories:…}, the space SDK).
 */
final class RepoTags {

    /** What model tags are derived from, besides the card. */
    record ModelFacts(String libraryName, List<String> weightFormats, String modelType, String pipelineTag,
            boolean conversational, String baseModelRelation) {
    }

    static final Set<String> BASE_MODEL_RELATIONS = Set.of("adapter", "merge", "quantized", "finetune");

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*|multilingual");
    /** A Hub repository id: a name, optionally under a namespace. */
    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][\\w.-]*(?:/[\\w.-]+)?");
    private static final Pattern ARXIV_LINK = Pattern.compile("arxiv\\.org/(?:abs|pdf)/(\\d{4}\\.\\d{4,5})");
    private static final int MAX_TAG_LENGTH = 300;
    private static final int MAX_TAGS = 1000;
    private static final List<String> DATASET_CARD_KEYS = List.of("task_categories", "task_ids",
            "annotations_creators", "language_creators", "multilinguality", "source_datasets");

    private final Set<String> tags = new LinkedHashSet<>();
    private final List<String> problems;

    private RepoTags(List<String> problems) {
        this.problems = problems;
    }

    static List<String> forModel(Map<String, Object> card, String body, ModelFacts facts, List<String> problems) {
        RepoTags t = new RepoTags(problems);
        t.add(facts.libraryName());
        facts.weightFormats().forEach(t::add);
        t.add(facts.modelType());
        t.add(facts.pipelineTag());
        CardValues.strings(card, "tags").forEach(t::add);
        if (facts.conversational()) {
            t.add("conversational");
        }
        t.languages(card, "");
        for (String dataset : t.repoIds(card, "datasets")) {
            t.add("dataset:" + dataset);
        }
        t.arxiv(body);
        for (String base : t.repoIds(card, "base_model")) {
            t.add("base_model:" + base);
            if (facts.baseModelRelation() != null) {
                t.add("base_model:" + facts.baseModelRelation() + ":" + base);
            }
        }
        t.licenses(card);
        return t.list();
    }

    static List<String> forDataset(Map<String, Object> card, String body, List<String> problems) {
        RepoTags t = new RepoTags(problems);
        for (String key : DATASET_CARD_KEYS) {
            CardValues.strings(card, key).forEach(v -> t.add(key + ":" + v));
        }
        t.languages(card, "language:");
        t.licenses(card);
        CardValues.strings(card, "size_categories").forEach(v -> t.add("size_categories:" + v));
        CardValues.strings(card, "tags").forEach(t::add);
        t.arxiv(body);
        return t.list();
    }

    static List<String> forSpace(Map<String, Object> card, String body, List<String> problems) {
        RepoTags t = new RepoTags(problems);
        t.add(CardValues.first(card, "sdk"));
        CardValues.strings(card, "tags").forEach(t::add);
        t.arxiv(body);
        t.licenses(card);
        return t.list();
    }

    /** The card's {@code base_model} entries that are valid repository ids. */
    static List<String> baseModels(Map<String, Object> card) {
        List<String> ids = new ArrayList<>();
        for (String id : CardValues.strings(card, "base_model")) {
            if (REPO_ID.matcher(id).matches()) {
                ids.add(id);
            }
        }
        return ids;
    }

    private void add(String tag) {
        if (tag == null || tag.isBlank()) {
            return;
        }
        if (tag.length() > MAX_TAG_LENGTH) {
            problems.add("tag '" + tag.substring(0, 40) + "…' is longer than " + MAX_TAG_LENGTH + " characters; left out");
            return;
        }
        if (tags.size() < MAX_TAGS) {
            tags.add(tag.strip());
        }
    }

    private void languages(Map<String, Object> card, String prefix) {
        for (String language : CardValues.strings(card, "language")) {
            if (LANGUAGE.matcher(language).matches()) {
                add(prefix + language);
            } else {
                problems.add("card language '" + language + "' is not a language code; no tag for it");
            }
        }
    }

    private List<String> repoIds(Map<String, Object> card, String key) {
        List<String> ids = new ArrayList<>();
        for (String id : CardValues.strings(card, key)) {
            if (REPO_ID.matcher(id).matches()) {
                ids.add(id);
            } else {
                problems.add("card " + key + " '" + id + "' is not a repository id; no tag for it");
            }
        }
        return ids;
    }

    private void licenses(Map<String, Object> card) {
        CardValues.strings(card, "license").forEach(l -> add("license:" + l));
    }

    private void arxiv(String body) {
        if (body == null) {
            return;
        }
        Matcher m = ARXIV_LINK.matcher(body);
        while (m.find()) {
            add("arxiv:" + m.group(1));
        }
    }

    private List<String> list() {
        return List.copyOf(tags);
    }
}
