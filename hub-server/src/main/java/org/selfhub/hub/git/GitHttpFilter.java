package org.selfhub.hub.git;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.selfhub.hub.auth.AccessPolicy;
import org.selfhub.hub.auth.AuthService;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.repo.RepoService;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoRef;
import org.selfhub.hub.shared.RepoType;
import org.selfhub.hub.system.HubPaths;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The front of git smart HTTP (git-lfs.md §1.1–§1.3): recognises hub URLs
 * ({@code /[datasets/|spaces/]{ns}/{name}[.git]/info/refs?service=…}, {@code …/git-upload-pack},
 * {@code …/git-receive-pack}), authorizes <em>every</em> such request (a client may POST without
 * calling {@code info/refs} first) with the hub's one access policy, and forwards it onto JGit's
 * {@code GitServlet} at {@link #INTERNAL_PREFIX}{@code /<repository id>/…}. Everything else under a
 * repository's git URL ({@code info/lfs/…}) goes on to Spring MVC.
 *
 * <p>Answers: an anonymous caller who must authenticate (any private or missing repository, any
 * push) gets 401 with {@code WWW-Authenticate: Basic}, so git asks its credential helper and
 * retries (JGit's own 401s lack the header); an authenticated caller who cannot see the repository
 * gets 404, exactly as for a missing one; a push without write access (a read token) gets 403.
 * Error bodies are {@code text/plain}, which git prints as {@code remote: …} lines. Only the smart
 * protocol is served.
 */
class GitHttpFilter extends OncePerRequestFilter {

    /** Where {@code GitServlet} is mapped; only requests forwarded by this filter get through it. */
    static final String INTERNAL_PREFIX = "/_git";

    static final String CHALLENGE = "Basic realm=\"hub\"";

    private static final String UPLOAD_PACK = "git-upload-pack";
    private static final String RECEIVE_PACK = "git-receive-pack";
    private static final Pattern SMART = Pattern.compile(
            "^/(?:(datasets|spaces)/)?([^/]+)/([^/]+)/(info/refs|git-upload-pack|git-receive-pack)$");

    private final AuthService auth;
    private final RepoService repos;
    private final AccessPolicy policy;

    GitHttpFilter(AuthService auth, RepoService repos, AccessPolicy policy) {
        this.auth = auth;
        this.repos = repos;
        this.policy = policy;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith(INTERNAL_PREFIX + "/")) {
            text(response, HttpStatus.NOT_FOUND, "Not found", Map.of());
            return;
        }
        Matcher m = SMART.matcher(path);
        if (HubPaths.classify(path) != HubPaths.Family.GIT || !m.matches()) {
            chain.doFilter(request, response);
            return;
        }
        String endpoint = m.group(4);
        boolean infoRefs = endpoint.equals("info/refs");
        String service = infoRefs ? request.getParameter("service") : endpoint;
        if (!UPLOAD_PACK.equals(service) && !RECEIVE_PACK.equals(service)) {
            text(response, HttpStatus.FORBIDDEN, "Only the smart HTTP protocol is served: use git 1.6.6 or newer",
                    Map.of());
            return;
        }
        if (!request.getMethod().equals(infoRefs ? "GET" : "POST")) {
            text(response, HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
                    Map.of("Allow", infoRefs ? "GET" : "POST"));
            return;
        }
        String name = m.group(3).endsWith(".git") ? m.group(3).substring(0, m.group(3).length() - 4) : m.group(3);
        RepoRef ref = new RepoRef(m.group(1) == null ? RepoType.MODEL : RepoType.fromPlural(m.group(1)),
                m.group(2), name);
        boolean push = RECEIVE_PACK.equals(service);
        GitHttpAccess access;
        try {
            Caller caller = auth.current(request);
            Repo repo = push ? repos.requireWritable(caller, ref) : repos.requireReadable(caller, ref);
            access = new GitHttpAccess(repo.id(), repo.repoId(), repo.defaultBranch(), caller,
                    policy.canWrite(caller, repo.namespace()));
        } catch (HubException e) {
            reject(response, e);
            return;
        }
        request.setAttribute(GitHttpAccess.ATTRIBUTE, access);
        String query = request.getQueryString();
        request.getRequestDispatcher(INTERNAL_PREFIX + "/" + access.repositoryId() + "/" + endpoint
                + (query == null ? "" : "?" + query)).forward(request, response);
    }

    private static void reject(HttpServletResponse response, HubException e) throws IOException {
        Map<String, String> headers = new java.util.LinkedHashMap<>(e.headers());
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            headers.put("WWW-Authenticate", CHALLENGE);
        }
        text(response, e.status(), e.getMessage(), headers);
    }

    private static void text(HttpServletResponse response, HttpStatus status, String message,
                             Map<String, String> headers) throws IOException {
        response.setStatus(status.value());
        headers.forEach(response::setHeader);
        // git shows a text/plain body of a failed request as "remote: ..." lines (remote-curl.c).
        response.setContentType("text/plain; charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
