package org.selfhub.hub.repo;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoRef;
import org.selfhub.hub.shared.RepoType;
import org.selfhub.hub.system.PublicUrls;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Create, delete, move and settings (hub-api-contract.md §7.1–§7.4). Bodies are read as maps
 * because the clients disagree on shapes: {@code private} or {@code visibility}, {@code organization}
 * null for the caller's namespace, {@code gated} as {@code false} or a string.
 */
@RestController
class RepoController {

    private final RepoService repos;
    private final PublicUrls urls;

    RepoController(RepoService repos, PublicUrls urls) {
        this.repos = repos;
        this.urls = urls;
    }

    @PostMapping("/api/repos/create")
    Map<String, Object> create(@RequestBody Map<String, Object> body, Caller caller, HttpServletRequest request) {
        RepoType type = RepoType.fromValue(string(body, "type"));
        String name = string(body, "name");
        String organization = string(body, "organization");
        if (name != null && name.contains("/") && organization == null) {
            organization = name.substring(0, name.indexOf('/'));
            name = name.substring(name.indexOf('/') + 1);
        }
        boolean isPrivate = visibility(body, false);
        NewRepo newRepo = new NewRepo(type, organization, name, isPrivate, string(body, "sdk"));
        try {
            Repo repo = repos.create(caller, newRepo);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("url", repoUrl(request, repo.ref()));
            answer.put("name", repo.repoId());
            answer.put("id", repo.id().toString());
            return answer;
        } catch (HubException e) {
            if (e.code() == HubErrorCode.CONFLICT) {
                String ns = organization == null ? caller.name() : organization;
                RepoRef ref = repos.find(new RepoRef(type, ns, name)).map(Repo::ref).orElse(new RepoRef(type, ns, name));
                // Python's create_repo(exist_ok=True) parses the 409 body and reads url (§7.1).
                throw e.withBodyField("url", repoUrl(request, ref));
            }
            throw e;
        }
    }

    @DeleteMapping("/api/repos/delete")
    Map<String, Object> delete(@RequestBody Map<String, Object> body, Caller caller) {
        repos.delete(caller, ref(body, string(body, "name"), string(body, "organization"), caller));
        return Map.of();
    }

    @PostMapping("/api/repos/move")
    Map<String, Object> move(@RequestBody Map<String, Object> body, Caller caller, HttpServletRequest request) {
        RepoType type = RepoType.fromValue(string(body, "type"));
        RepoRef from = split(type, string(body, "fromRepo"), caller);
        RepoRef to = split(type, string(body, "toRepo"), caller);
        Repo moved = repos.move(caller, from, to);
        return Map.of("url", repoUrl(request, moved.ref()), "name", moved.repoId());
    }

    @PutMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/settings")
    Map<String, Object> settings(@PathVariable String kind, @PathVariable String namespace, @PathVariable String name,
                                 @RequestBody Map<String, Object> body, Caller caller) {
        RepoRef ref = new RepoRef(RepoType.fromPlural(kind), namespace, name);
        Boolean isPrivate = body.containsKey("private") || body.containsKey("visibility") ? visibility(body, false) : null;
        String gated = null;
        if (body.containsKey("gated")) {
            Object g = body.get("gated");
            gated = g == null || Boolean.FALSE.equals(g) || "false".equals(g) ? "false" : String.valueOf(g);
        }
        Repo repo = repos.updateSettings(caller, ref, isPrivate, gated);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("private", repo.isPrivate());
        answer.put("visibility", repo.isPrivate() ? "private" : "public");
        answer.put("gated", repo.gatedValue());
        return answer;
    }

    private String repoUrl(HttpServletRequest request, RepoRef ref) {
        return urls.base(request) + "/" + ref.type().urlPrefix() + ref.id();
    }

    private static RepoRef ref(Map<String, Object> body, String name, String organization, Caller caller) {
        RepoType type = RepoType.fromValue(string(body, "type"));
        if (name == null || name.isEmpty()) {
            throw HubException.badRequest("Missing 'name'");
        }
        if (name.contains("/") && organization == null) {
            return split(type, name, caller);
        }
        return new RepoRef(type, organization == null ? caller.name() : organization, name);
    }

    private static RepoRef split(RepoType type, String repoId, Caller caller) {
        if (repoId == null || repoId.isEmpty()) {
            throw HubException.badRequest("Missing repository id");
        }
        int slash = repoId.indexOf('/');
        if (slash < 0) {
            if (caller.isAnonymous()) {
                throw HubException.badRequest("Invalid repository id '" + repoId + "': expected namespace/name");
            }
            return new RepoRef(type, caller.name(), repoId);
        }
        if (repoId.indexOf('/', slash + 1) >= 0) {
            throw HubException.badRequest("Invalid repository id '" + repoId + "': expected namespace/name");
        }
        return new RepoRef(type, repoId.substring(0, slash), repoId.substring(slash + 1));
    }

    /** {@code private} (bool or null) or {@code visibility} ({@code public}/{@code private}/{@code protected}). */
    private static boolean visibility(Map<String, Object> body, boolean fallback) {
        Object visibility = body.get("visibility");
        if (visibility != null) {
            String v = String.valueOf(visibility);
            if (!v.equals("public") && !v.equals("private") && !v.equals("protected")) {
                throw HubException.badRequest("Invalid visibility '" + v + "': expected public, private or protected");
            }
            return !v.equals("public");
        }
        Object p = body.get("private");
        if (p == null) {
            return fallback;
        }
        if (p instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(p).toLowerCase(java.util.Locale.ROOT);
        return s.equals("true") || s.equals("1");
    }

    private static String string(Map<String, Object> body, String key) {
        Object value = body.get(key);
        return value == null ? null : String.valueOf(value);
    }
}
