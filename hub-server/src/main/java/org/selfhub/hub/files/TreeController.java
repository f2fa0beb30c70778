package org.selfhub.hub.files;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.git.FileEntry;
import org.selfhub.hub.git.FileIndex;
import org.selfhub.hub.git.FilePage;
import org.selfhub.hub.git.GitCommit;
import org.selfhub.hub.git.GitPaths;
import org.selfhub.hub.git.GitService;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.repo.RepoService;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.system.PublicUrls;
import org.selfhub.hub.xet.XetFiles;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET .../tree/{rev}[/{path}]} and {@code POST .../paths-info/{rev}} (hub-api-contract.md
 * §5), answered from the file index. Tree pages carry an absolute {@code Link: <…>; rel="next"}
 * with an opaque cursor; {@code expand=true} adds each entry's last commit and uses smaller pages.
 */
@RestController
class TreeController {

    static final int PAGE = 1000;
    static final int EXPANDED_PAGE = 50;

    private final RepoService repos;
    private final GitService git;
    private final FileIndex index;
    private final PublicUrls urls;
    private final JsonMapper json;
    private final XetFiles xet;

    TreeController(RepoService repos, GitService git, FileIndex index, PublicUrls urls, JsonMapper json, XetFiles xet) {
        this.repos = repos;
        this.git = git;
        this.index = index;
        this.urls = urls;
        this.json = json;
        this.xet = xet;
    }

    @GetMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/tree/**")
    List<Map<String, Object>> tree(Caller caller, HttpServletRequest request, HttpServletResponse response) {
        RepoUri uri = RepoUri.api(request);
        Repo repo = repos.requireReadable(caller, uri.repo());
        RepoUri.RevisionAndPath target = uri.revisionAndPath();
        if (target.revision().isEmpty()) {
            throw HubException.badRequest("Missing revision");
        }
        String path = stripSlashes(target.path());
        if (!path.isEmpty()) {
            GitPaths.validate(path);
        }
        String sha = git.resolveCommit(repo.id(), target.revision());
        boolean expand = Flags.flag(request, "expand");
        int limit = Flags.limit(request, expand ? EXPANDED_PAGE : PAGE, expand ? 1000 : 10_000);
        FilePage page = index.list(repo.id(), sha, path, Flags.flag(request, "recursive"),
                request.getParameter("cursor"), limit);
        if (page.nextCursor() != null) {
            response.setHeader("Link", "<" + nextPageUrl(request, urls, "cursor", page.nextCursor()) + ">; rel=\"next\"");
        }
        return render(repo, sha, page.entries(), expand);
    }

    @PostMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/paths-info/**")
    List<Map<String, Object>> pathsInfo(Caller caller, HttpServletRequest request) throws IOException {
        RepoUri uri = RepoUri.api(request);
        Repo repo = repos.requireReadable(caller, uri.repo());
        String sha = git.resolveCommit(repo.id(), uri.decodedRemainder());
        Set<String> paths = new LinkedHashSet<>();
        boolean expand;
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            JsonNode body;
            try {
                body = json.readTree(request.getInputStream());
            } catch (RuntimeException e) {
                throw HubException.badRequest("Invalid JSON body");
            }
            if (body == null || !body.isObject()) {
                throw HubException.badRequest("Expected a JSON object with 'paths'");
            }
            for (JsonNode p : body.path("paths")) {
                paths.add(p.asString());
            }
            JsonNode e = body.path("expand");
            expand = e.isBoolean() ? e.asBoolean() : Flags.isTrue(e.isMissingNode() || e.isNull() ? null : e.asString());
        } else {
            String[] values = request.getParameterValues("paths");
            if (values != null) {
                paths.addAll(List.of(values));
            }
            expand = Flags.flag(request, "expand");
        }
        if (paths.size() > 1000) {
            throw HubException.badRequest("Too many paths: at most 1000 per call");
        }
        List<FileEntry> found = new ArrayList<>();
        for (String p : paths) {
            String path = stripSlashes(p);
            if (path.isEmpty()) {
                continue;
            }
            GitPaths.validate(path);
            index.find(repo.id(), sha, path).ifPresent(found::add);
        }
        return render(repo, sha, found, expand);
    }

    private List<Map<String, Object>> render(Repo repo, String sha, List<FileEntry> entries, boolean expand) {
        Map<String, GitCommit> last = expand
                ? git.lastCommits(repo.id(), sha, entries.stream().map(FileEntry::path).toList()) : Map.of();
        // Xet hook: LFS entries stored as Xet carry their xetHash (xet.md §1.3).
        Map<String, String> xetHashes = xet.xetHashes(repo.id(),
                entries.stream().filter(FileEntry::isLfs).map(FileEntry::lfsOid).distinct().toList());
        return entries.stream().map(e -> FileJson.entry(e, last.get(e.path()),
                e.isLfs() ? xetHashes.get(e.lfsOid()) : null)).toList();
    }

    private static String stripSlashes(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** The absolute URL of the next page: this request's path and query with the paging parameter replaced (§1.7). */
    static String nextPageUrl(HttpServletRequest request, PublicUrls urls, String parameter, String value) {
        StringBuilder query = new StringBuilder();
        String original = request.getQueryString();
        if (original != null) {
            for (String pair : original.split("&")) {
                if (pair.isEmpty() || pair.equals(parameter) || pair.startsWith(parameter + "=")) {
                    continue;
                }
                query.append(query.length() == 0 ? "" : "&").append(pair);
            }
        }
        query.append(query.length() == 0 ? "" : "&").append(parameter).append('=').append(value);
        return urls.base(request) + request.getRequestURI() + "?" + query;
    }
}
