package org.selfhub.hub.repo;

import java.util.List;

/**
 * What repo info shows beside the settings: counters and the metadata extracted from the default
 * branch when a commit lands. {@code cardDataJson} is the README front matter as JSON text, or null.
 */
public record RepoStats(String headSha, long downloads, long downloadsAllTime, long likes, List<String> tags,
                        String pipelineTag, String libraryName, String cardDataJson, long usedStorage, String sdk) {
}
