package org.selfhub.hub.metadata;

import java.util.List;
import java.util.Map;

/**
 * Everything {@link MetadataExtractor} derived from one commit. Each field maps to one column of
 * {@code repository} and one field of repo info (hub-api-contract.md §3.2); a field is null when the
 * commit does not provide it or its source was malformed.
 *
 * @param cardData    the README's YAML front matter as JSON-compatible values (maps, lists, strings,
 *                    numbers, booleans, null); null without a card or front matter
 * @param config      the small subset of {@code config.json} and friends that huggingface.co exposes
 *                    as {@code config} ({@code architectures}, {@code model_type}, …); null if none
 * @param tags        the repository tags, deduplicated, in huggingface.co's order; never null
 * @param pipelineTag the task, e.g. {@code text-generation}
 * @param libraryName the library, e.g. {@code transformers}
 * @param license     the card's {@code license}
 * @param safetensors parameter counts from safetensors headers
 * @param gguf        what a GGUF header says
 * @param problems    why something was left out, one sentence each, for the log; never null
 */
public record RepoMetadata(Map<String, Object> cardData, Map<String, Object> config, List<String> tags,
        String pipelineTag, String libraryName, String license, SafetensorsInfo safetensors, GgufInfo gguf,
        List<String> problems) {

    public RepoMetadata {
        tags = List.copyOf(tags);
        problems = List.copyOf(problems);
    }
}
