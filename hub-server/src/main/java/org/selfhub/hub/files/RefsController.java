package org.selfhub.hub.files;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.git.GitCommit;

import org.selfhub.hub.git.GitRefs;
import org.selfhub.hub.git.GitService;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.repo.RepoService;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.system.PublicUrls;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Refs, history, branches and tags (hub-api-contract.md §6). */
@RestController
class RefsController {

    static final int COMMITS_PAGE = 50;

    private final RepoService repos;
    private final GitService git;
    private final PublicUrls urls;
    private final JsonMapper json;

    RefsController(RepoService repos, GitService git, PublicUrls urls, JsonMapper json) {
        this.repos = repos;
        this.git = git;
        this.urls = urls;
        this.json = json;
    }

    @GetMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/refs")
    Map<String, Object> refs(Caller caller, HttpServletRequest request) {
        RepoUri uri = RepoUri.api(request);
        Repo repo = repos.requireReadable(caller, uri.repo());
        GitRefs refs = git.refs(repo.id());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("branches", refs.branches());
        answer.put("converts", refs.converts());
        answer.put("tags", refs.tags());
        if (Flags.flag(request, "include_prs")) {
            answer.put("pullRequests", refs.pullRequests());
        }
        return answer;
    }

    @GetMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/commits/**")
    List<Map<String, Object>> commits(Caller caller, HttpServletRequest request, HttpServletResponse response) {
        RepoUri uri = RepoUri.api(request);
        Repo repo = repos.requireReadable(caller, uri.repo());
        String revision = uri.decodedRemainder();
        String sha = git.resolveCommit(repo.id(), revision.isEmpty() ? repo.defaultBranch() : revision);
        int limit = Flags.limit(request, COMMITS_PAGE, 1000);
        int page = page(request.getParameter("p"));
        boolean formatted = Flags.list(request, "expand").contains("formatted");
        int total = git.countCommits(repo.id(), sha);
        List<GitCommit> commits = git.log(repo.id(), sha, page * limit, limit);
        response.setHeader("X-Total-Count", Integer.toString(total));
        if ((long) (page + 1) * limit < total) {
            response.setHeader("Link", "<" + TreeController.nextPageUrl(request, urls, "p", Integer.toString(page + 1))
                    + ">; rel=\"next\"");
        }
        return commits.stream().map(c -> FileJson.commit(c, formatted)).toList();
    }

    @PostMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/branch/**")
    Map<String, Object> createBranch(Caller caller, HttpServletRequest request) throws IOException {
        RepoUri uri = RepoUri.api(request);
        Repo repo = repos.requireWritable(caller, uri.repo());
        JsonNode body = body(request);
        if (body.path("emptyBranch").asBoolean(false)) {
            throw HubException.badRequest("Empty branches are not supported yet");
        }
        String startingPoint = text(body, "startingPoint");
        git.createBranch(repo.id(), uri.decodedRemainder(), startingPoint == null ? repo.defaultBranch() : startingPoint);
        return Map.of();
    }

    @DeleteMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/branch/**")
    Map<String, Object> deleteBranch(Caller caller, HttpServletRequest request) {
        RepoUri uri = RepoUri.api(request);
        Repo repo = repos.requireWritable(caller, uri.repo());
        git.deleteBranch(repo.id(), uri.decodedRemainder(), repo.defaultBranch());
        return Map.of();
    }

    @PostMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/tag/**")
    Map<String, Object> createTag(Caller caller, HttpServletRequest request) throws IOException {
        RepoUri uri = RepoUri.api(request);
        Repo repo = repos.requireWritable(caller, uri.repo());
        JsonNode body = body(request);
        String tag = text(body, "tag");
        if (tag == null || tag.isEmpty()) {
            throw HubException.badRequest("Missing 'tag'");
        }
        String revision = uri.decodedRemainder();
        git.createTag(repo.id(), tag, revision.isEmpty() ? repo.defaultBranch() : revision, text(body, "message"),
                caller.name());
        return Map.of();
    }

    @DeleteMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/tag/**")
    Map<String, Object> deleteTag(Caller caller, HttpServletRequest request) {
        RepoUri uri = RepoUri.api(request);
        Repo repo = repos.requireWritable(caller, uri.repo());
        git.deleteTag(repo.id(), uri.decodedRemainder());
        return Map.of();
    }

    private JsonNode body(HttpServletRequest request) throws IOException {
        byte[] bytes = request.getInputStream().readNBytes(1 << 20);
        if (bytes.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(bytes);
            return node == null || !node.isObject() ? json.createObjectNode() : node;
        } catch (RuntimeException e) {
            throw HubException.badRequest("Invalid JSON body");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    private static int page(String p) {
        if (p == null || p.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(p.strip()));
        } catch (NumberFormatException e) {
            throw HubException.badRequest("Invalid value for 'p'");
        }
    }

}
