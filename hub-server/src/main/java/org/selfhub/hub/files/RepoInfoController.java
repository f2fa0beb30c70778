package org.selfhub.hub.files;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.git.FileEntry;
import org.selfhub.hub.git.FileIndex;
import org.selfhub.hub.git.GitService;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.repo.RepoService;
import org.selfhub.hub.repo.RepoStats;
import org.selfhub.hub.shared.HfDates;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoRef;
import org.selfhub.hub.shared.RepoType;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Repo info, {@code GET /api/{type}s/{ns}/{name}[/revision/{rev}]} (hub-api-contract.md §3): the
 * fields every client version reads, {@code siblings} from the file index ({@code blobs=true} adds
 * sizes, blob ids and LFS info), and {@code expand} to return only some properties.
 */
@RestController
class RepoInfoController {

    private static final Set<String> EXPANDABLE = Set.of("author", "cardData", "createdAt", "disabled", "downloads",
            "downloadsAllTime", "gated", "lastModified", "library_name", "likes", "pipeline_tag", "private", "sha",
            "siblings", "spaces", "tags", "usedStorage", "xetEnabled", "trendingScore", "sdk", "config",
            "safetensors", "gguf", "resourceGroup", "mainSize");

    private final RepoService repos;
    private final GitService git;
    private final FileIndex index;
    private final JsonMapper json;

    RepoInfoController(RepoService repos, GitService git, FileIndex index, JsonMapper json) {
        this.repos = repos;
        this.git = git;
        this.index = index;
        this.json = json;
    }

    @GetMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}")
    Map<String, Object> info(@PathVariable String kind, @PathVariable String namespace, @PathVariable String name,
                             Caller caller, HttpServletRequest request) {
        return info(new RepoRef(RepoType.fromPlural(kind), namespace, name), null, caller, request);
    }

    /**
     * A repository id without a namespace (the Hub's legacy canonical repositories; this hub has none):
     * {@code RepoNotFound}, not a bare route 404. {@code HfFileSystem} (0.x to 1.1x) probes {@code ns}
     * alone when {@code ns/name} is not found, and only turns {@code RepositoryNotFoundError} into
     * {@code FileNotFoundError}.
     */
    @GetMapping("/api/{kind:models|datasets|spaces}/{name}")
    Map<String, Object> infoWithoutNamespace(@PathVariable String kind, @PathVariable String name, Caller caller) {
        HubException e = new HubException(HubErrorCode.REPO_NOT_FOUND, "Repository Not Found for url: " + kind
                + "/" + name + ". Please make sure you specified the correct `repo_id` and `repo_type`.");
        throw caller.isAnonymous() ? e.withStatus(HttpStatus.UNAUTHORIZED) : e;
    }

    @GetMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/revision/**")
    Map<String, Object> infoAtRevision(Caller caller, HttpServletRequest request) {
        RepoUri uri = RepoUri.api(request);
        String revision = uri.decodedRemainder();
        if (revision.isEmpty()) {
            throw HubException.badRequest("Missing revision");
        }
        return info(uri.repo(), revision, caller, request);
    }

    private Map<String, Object> info(RepoRef ref, String revision, Caller caller, HttpServletRequest request) {
        Repo repo = repos.requireReadable(caller, ref);
        String sha = git.resolveCommit(repo.id(), revision == null ? repo.defaultBranch() : revision);
        RepoStats stats = repos.stats(repo.id());
        boolean blobs = Flags.flag(request, "blobs");
        List<String> expand = Flags.list(request, "expand");

        Map<String, Object> all = new LinkedHashMap<>();
        all.put("_id", repo.id().toString());
        all.put("id", repo.repoId());
        if (repo.type() == RepoType.MODEL) {
            all.put("modelId", repo.repoId());
        }
        all.put("author", repo.namespace());
        all.put("sha", sha);
        all.put("lastModified", HfDates.format(git.commitInfo(repo.id(), sha).date()));
        all.put("createdAt", HfDates.format(repo.createdAt()));
        all.put("private", repo.isPrivate());
        all.put("gated", repo.gatedValue());
        all.put("disabled", false);
        all.put("downloads", stats.downloads());
        all.put("downloadsAllTime", stats.downloadsAllTime());
        all.put("likes", stats.likes());
        all.put("trendingScore", Math.round(stats.trendingScore()));
        all.put("tags", stats.tags());
        if (stats.pipelineTag() != null) {
            all.put("pipeline_tag", stats.pipelineTag());
        }
        if (stats.libraryName() != null) {
            all.put("library_name", stats.libraryName());
        }
        // Extracted when a commit lands on the default branch; absent keys are omitted, as on the Hub.
        putJson(all, "cardData", stats.cardDataJson());
        if (repo.type() == RepoType.MODEL) {
            putJson(all, "config", stats.configJson());
            putJson(all, "safetensors", stats.safetensorsJson());
            putJson(all, "gguf", stats.ggufJson());
        }
        if (repo.type() == RepoType.SPACE && stats.sdk() != null) {
            all.put("sdk", stats.sdk());
        }
        List<FileEntry> files = index.files(repo.id(), sha);
        all.put("siblings", FileJson.siblings(files, blobs));
        all.put("spaces", List.of());
        all.put("usedStorage", stats.usedStorage());
        all.put("xetEnabled", false);

        if (expand.isEmpty()) {
            return all;
        }
        Map<String, Object> only = new LinkedHashMap<>();
        only.put("_id", all.get("_id"));
        only.put("id", all.get("id"));
        for (String property : expand) {
            if (!EXPANDABLE.contains(property)) {
                throw HubException.badRequest("Invalid expand property '" + property + "'");
            }
            if (all.containsKey(property)) {
                only.put(property, all.get(property));
            }
        }
        return only;
    }

    private void putJson(Map<String, Object> info, String key, String jsonText) {
        if (jsonText != null) {
            info.put(key, json.readValue(jsonText, Object.class));
        }
    }
}
