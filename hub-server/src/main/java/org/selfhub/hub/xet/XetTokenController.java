package org.selfhub.hub.xet;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.git.GitService;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.repo.RepoService;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoRef;
import org.selfhub.hub.shared.RepoType;
import org.selfhub.hub.system.PublicUrls;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/{type}s/{ns}/{name}/xet-{read|write}-token/{rev}} (xet.md §1.1): a CAS access
 * token for the repository, answered twice, as the JSON body hf_xet and the JS client parse and as
 * the {@code X-Xet-*} headers huggingface_hub's own code reads. {@code rev} may be the literal
 * {@code None} (revision unknown); {@code ?create_pr=1} is accepted. Read needs read access and an
 * existing revision, write needs write access.
 */
@RestController
class XetTokenController {

    private final RepoService repos;
    private final GitService git;
    private final XetTokens tokens;
    private final XetProperties properties;
    private final PublicUrls urls;

    XetTokenController(RepoService repos, GitService git, XetTokens tokens, XetProperties properties, PublicUrls urls) {
        this.repos = repos;
        this.git = git;
        this.tokens = tokens;
        this.properties = properties;
        this.urls = urls;
    }

    @GetMapping({"/api/{kind:models|datasets|spaces}/{namespace}/{name}/xet-read-token/**",
            "/api/{kind:models|datasets|spaces}/{namespace}/{name}/xet-write-token/**"})
    ResponseEntity<Map<String, Object>> token(@PathVariable String kind, @PathVariable String namespace,
                                              @PathVariable String name, Caller caller, HttpServletRequest request) {
        if (!properties.enabled()) {
            throw HubException.notFound("Xet storage is not enabled on this hub");
        }
        String uri = request.getRequestURI();
        boolean write = uri.contains("/xet-write-token/");
        String marker = write ? "/xet-write-token/" : "/xet-read-token/";
        String revision = URLDecoder.decode(uri.substring(uri.indexOf(marker) + marker.length()), StandardCharsets.UTF_8);
        if (revision.isEmpty()) {
            throw HubException.badRequest("Missing revision");
        }
        RepoRef ref = new RepoRef(RepoType.fromPlural(kind), namespace, name);
        Repo repo = write ? repos.requireWritable(caller, ref) : repos.requireReadable(caller, ref);
        if (!write && !revision.equals("None")) {
            git.resolveCommit(repo.id(), revision);
        }
        XetToken token = tokens.issue(repo.id(), revision, write ? XetToken.WRITE : XetToken.READ, caller.accountId());
        String accessToken = tokens.encode(token);
        String casUrl = urls.base(request) + properties.casPath();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accessToken", accessToken);
        body.put("exp", token.expiresAt());
        body.put("casUrl", casUrl);
        return ResponseEntity.ok()
                .header("X-Xet-Cas-Url", casUrl)
                .header("X-Xet-Access-Token", accessToken)
                .header("X-Xet-Token-Expiration", Long.toString(token.expiresAt()))
                .body(body);
    }
}
