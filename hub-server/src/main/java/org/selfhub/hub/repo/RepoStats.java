package org.selfhub.hub.repo;

import java.util.List;

/**
 * What repo info shows beside the settings: counters and the metadata extracted from the default
 * branch when a commit lands. The {@code …Json} fields are JSON text, or null when the default branch
 * does not provide them: {@code cardDataJson} the README front matter, {@code configJson} the
 * {@code config} subset, {@code safetensorsJson} {@code {parameters, total}}, {@code ggufJson} the
 * GGUF facts. {@code usedStorage} is the size of the files at the default branch's head.
 */
public record RepoStats(String headSha, long downloads, long downloadsAllTime, long likes, double trendingScore,
                        List<String> tags, String pipelineTag, String libraryName, String cardDataJson,
                        String configJson, String safetensorsJson, String ggufJson, long usedStorage, String sdk) {
}
