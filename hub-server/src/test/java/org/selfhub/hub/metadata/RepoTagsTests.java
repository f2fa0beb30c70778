package org.selfhub.hub.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.metadata.RepoTags.ModelFacts;

class RepoTagsTests {

    private final List<String> problems = new ArrayList<>();

    @Test
    void derivesModelTagsInHuggingFaceOrder() {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("license", "apache-2.0");
        card.put("language", List.of("en", "no"));
        card.put("tags", List.of("exbert", "transformers"));
        card.put("datasets", List.of("bookcorpus", "acme/wiki"));
        card.put("base_model", "google/bert-base");
        ModelFacts facts = new ModelFacts("transformers", List.of("pytorch", "safetensors"), "bert", "fill-mask",
                false, "finetune");

        List<String> tags = RepoTags.forModel(card, "Paper: https://arxiv.org/abs/1810.04805v2 and "
                + "https://arxiv.org/pdf/2307.09288", facts, problems);

        assertThat(tags).containsExactly("transformers", "pytorch", "safetensors", "bert", "fill-mask", "exbert",
                "en", "no", "dataset:bookcorpus", "dataset:acme/wiki", "arxiv:1810.04805", "arxiv:2307.09288",
                "base_model:google/bert-base", "base_model:finetune:google/bert-base", "license:apache-2.0");
        assertThat(problems).isEmpty();
    }

    @Test
    void addsConversationalAndEveryBaseModelOfAMerge() {
        Map<String, Object> card = Map.of("base_model", List.of("a/one", "b/two"), "language", "fr");
        ModelFacts facts = new ModelFacts("transformers", List.of("safetensors"), "llama", "text-generation",
                true, "merge");

        assertThat(RepoTags.forModel(card, null, facts, problems)).containsExactly("transformers", "safetensors",
                "llama", "text-generation", "conversational", "fr", "base_model:a/one", "base_model:merge:a/one",
                "base_model:b/two", "base_model:merge:b/two");
    }

    @Test
    void derivesTagsWithoutACard() {
        ModelFacts facts = new ModelFacts("gguf", List.of("gguf"), null, null, true, null);

        assertThat(RepoTags.forModel(null, null, facts, problems)).containsExactly("gguf", "conversational");
    }

    @Test
    void acceptsScalarsWhereListsAreExpectedAndSkipsNestedValues() {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("tags", "single");
        card.put("language", List.of("en", Map.of("x", "y"), 42));
        card.put("license", List.of("mit", "cc-by-4.0"));
        ModelFacts facts = new ModelFacts(null, List.of(), null, null, false, null);

        assertThat(RepoTags.forModel(card, "", facts, problems))
                .containsExactly("single", "en", "license:mit", "license:cc-by-4.0");
        assertThat(problems).containsExactly("card language '42' is not a language code; no tag for it");
    }

    @Test
    void deduplicatesKeepingTheFirstPlace() {
        Map<String, Object> card = Map.of("tags", List.of("text-generation", "transformers", "custom", "custom"));
        ModelFacts facts = new ModelFacts("transformers", List.of(), null, "text-generation", false, null);

        assertThat(RepoTags.forModel(card, null, facts, problems))
                .containsExactly("transformers", "text-generation", "custom");
    }

    @Test
    void skipsValuesThatAreNotIdsOrCodesAndSaysWhy() {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("language", List.of("en", "English language"));
        card.put("datasets", List.of("ok/data", "not a dataset"));
        card.put("base_model", List.of("../etc/passwd", "good/base"));
        ModelFacts facts = new ModelFacts(null, List.of(), null, null, false, "finetune");

        assertThat(RepoTags.forModel(card, null, facts, problems)).containsExactly("en", "dataset:ok/data",
                "base_model:good/base", "base_model:finetune:good/base");
        assertThat(problems).containsExactly(
                "card language 'English language' is not a language code; no tag for it",
                "card datasets 'not a dataset' is not a repository id; no tag for it",
                "card base_model '../etc/passwd' is not a repository id; no tag for it");
        assertThat(RepoTags.baseModels(card)).containsExactly("good/base");
    }

    @Test
    void derivesDatasetTagsAsListingFiltersExpectThem() {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("task_categories", List.of("question-answering"));
        card.put("task_ids", List.of("extractive-qa"));
        card.put("multilinguality", "monolingual");
        card.put("language", List.of("en"));
        card.put("license", "cc-by-sa-4.0");
        card.put("size_categories", List.of("10K<n<100K"));
        card.put("tags", List.of("wikipedia"));

        assertThat(RepoTags.forDataset(card, "https://arxiv.org/abs/1606.05250", problems)).containsExactly(
                "task_categories:question-answering", "task_ids:extractive-qa", "multilinguality:monolingual",
                "language:en", "license:cc-by-sa-4.0", "size_categories:10K<n<100K", "wikipedia",
                "arxiv:1606.05250");
    }

    @Test
    void derivesSpaceTagsFromTheSdkAndCard() {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("sdk", "gradio");
        card.put("tags", List.of("demo"));
        card.put("license", "mit");

        assertThat(RepoTags.forSpace(card, null, problems)).containsExactly("gradio", "demo", "license:mit");
    }
}
