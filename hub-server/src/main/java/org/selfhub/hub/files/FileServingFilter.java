package org.selfhub.hub.files;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.selfhub.hub.auth.AccessPolicy;
import org.selfhub.hub.auth.AuthService;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.git.FileEntry;
import org.selfhub.hub.git.FileIndex;
import org.selfhub.hub.git.GitPaths;
import org.selfhub.hub.git.GitService;
import org.selfhub.hub.lfs.LfsObjectService;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.repo.RepoService;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.system.HubErrorResponses;
import org.selfhub.hub.system.HubPaths;
import org.selfhub.hub.system.ResponseHeaders;
import org.selfhub.hub.xet.XetFile;
import org.selfhub.hub.xet.XetFiles;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * File bytes: {@code GET|HEAD /[datasets/|spaces/]{ns}/{name}/(resolve|raw)/{rev}/{path}}
 * (hub-api-contract.md §2). Metadata comes from the file index, so the HEAD never reads a blob:
 * {@code X-Repo-Commit}, a strong ETag (git blob sha1, or the sha256 for LFS content), the size,
 * {@code Accept-Ranges}. Ranges answer 206 with an exact {@code Content-Range}, or 416.
 *
 * <p>LFS content is streamed from the store, or redirected (302) to a presigned URL only when that
 * URL's hostname differs from the request's: newer clients follow same-host redirects and would
 * then miss the hub's headers (§13.2). {@code raw} serves the git blob itself, the pointer for LFS.
 *
 * <p>A filter at the front of the chain, not a controller: resolve is the hub's busiest route (every
 * {@code from_pretrained} sends a HEAD per file), and Spring MVC's pattern lookup and Spring
 * Security's filters cost several times what serving it does. It applies the same firewall,
 * resolves the caller the same way ({@link AuthService#current}) and answers errors in the same
 * shape ({@link HubErrorResponses}), and answers other methods on these paths as Spring MVC did (405).
 */
class FileServingFilter implements Filter {

    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");
    private static final Duration PRESIGN_TTL = Duration.ofMinutes(15);
    /** Tomcat's zero-copy file responses (the attributes its DefaultServlet sets). */
    static final String SENDFILE_SUPPORTED = "org.apache.tomcat.sendfile.support";
    static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";
    static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

    private final HttpFirewall firewall;
    private final AuthService auth;
    private final RepoService repos;
    private final GitService git;
    private final FileIndex index;
    private final LfsObjectService lfs;
    private final XetFiles xet;
    private final List<FileServed.Listener> listeners;
    private final MeterRegistry meters;
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(1000);

    FileServingFilter(HttpFirewall firewall, AuthService auth, RepoService repos, GitService git, FileIndex index,
                      LfsObjectService lfs, XetFiles xet, List<FileServed.Listener> listeners,
                      MeterRegistry meters) {
        this.firewall = firewall;
        this.auth = auth;
        this.repos = repos;
        this.git = git;
        this.index = index;
        this.lfs = lfs;
        this.xet = xet;
        this.listeners = List.copyOf(listeners);
        this.meters = meters;
    }

    /** Registered for REQUEST dispatches only, so it runs once per request without OncePerRequestFilter. */
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (HubPaths.classify(request.getRequestURI()) != HubPaths.Family.FILES) {
            chain.doFilter(request, response);
            return;
        }
        try {
            firewall.getFirewalledRequest(request);
        } catch (RequestRejectedException e) {
            chain.doFilter(request, response); // rejected there, in the same words as every other route
            return;
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            // What Spring MVC answers for a route that exists with other methods.
            response.setHeader("Allow", "GET, HEAD, OPTIONS");
            if (!method.equals("OPTIONS")) {
                HubErrorResponses.write(response, new HubException(HubErrorCode.BAD_REQUEST,
                        "Method " + method + " is not allowed here").withStatus(HttpStatus.METHOD_NOT_ALLOWED));
            }
            return;
        }
        long start = System.nanoTime();
        // The security header that matters for file bytes (Spring Security writes it elsewhere).
        ResponseHeaders.set(response, "X-Content-Type-Options", "nosniff");
        // What Spring MVC would have bound: a moved repository's Location is built from the request.
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request, response));
        try {
            serve(auth.current(request), request, response);
        } catch (HubException e) {
            HubErrorResponses.write(response, e);
        } finally {
            RequestContextHolder.resetRequestAttributes();
            timer(method, response.getStatus()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** The timer of a method and status, looked up without building a key (this runs on every HEAD). */
    private Timer timer(String method, int status) {
        int slot = (status >= 100 && status < 600 ? status - 100 : 0) * 2 + (method.equals("HEAD") ? 1 : 0);
        Timer timer = timers.get(slot);
        if (timer == null) {
            timer = Timer.builder("hub.files.requests")
                    .description("GET and HEAD of resolve and raw, until the answer is handed to the connector")
                    .tag("method", method).tag("status", Integer.toString(status)).register(meters);
            timers.set(slot, timer);
        }
        return timer;
    }

    private void serve(Caller caller, HttpServletRequest request, HttpServletResponse response) throws IOException {
        RepoUri uri = RepoUri.files(request);
        Repo repo = repos.requireReadable(caller, uri.repo());
        RepoUri.RevisionAndPath target = uri.revisionAndPath();
        String path = GitPaths.validate(target.path());
        String sha = git.resolveCommit(repo.id(), target.revision());
        if (caller.isScoped() && !sha.equals(caller.scope().sha())) {
            // A scoped read token (hfw_) is issued for one commit of its repository.
            throw AccessPolicy.repoNotFound(caller, uri.repo());
        }
        FileEntry entry = index.find(repo.id(), sha, path)
                .filter(e -> !e.directory())
                .orElseThrow(() -> FileIndex.entryNotFound(sha, path));
        boolean content = uri.action().equals("resolve") && entry.isLfs();
        long size = content ? entry.size() : entry.blobSize();
        String etag = "\"" + (content ? entry.lfsOid() : entry.oid()) + "\"";
        boolean lfsStored = content && lfs.isLinked(repo.id(), entry.lfsOid());
        // Xet hook: LFS content uploaded through Xet (xet.md §1.2); served from xorbs when not in the LFS store.
        Optional<XetFile> xetFile = content ? xet.find(repo.id(), entry.lfsOid(), entry.size()) : Optional.empty();
        if (content && !lfsStored && xetFile.isEmpty()) {
            throw new HubException(HubErrorCode.ENTRY_NOT_FOUND, "The LFS object of " + path + " is not stored")
                    .withHeader("X-Repo-Commit", sha);
        }

        ResponseHeaders.set(response, "X-Repo-Commit", sha);
        ResponseHeaders.set(response, "ETag", etag);
        ResponseHeaders.set(response, "Accept-Ranges", "bytes");
        ResponseHeaders.setDate(response);
        if (content) {
            ResponseHeaders.set(response, "X-Linked-Etag", etag);
            ResponseHeaders.set(response, "X-Linked-Size", Long.toString(size));
            if (xetFile.isPresent()) {
                xet.downloadHeaders(request, repo, sha, xetFile.get()).forEach(response::setHeader);
                if (XetFiles.wantsFileInfo(request)) {
                    byte[] info = XetFiles.fileInfoJson(xetFile.get()).getBytes(StandardCharsets.UTF_8);
                    response.setStatus(HttpServletResponse.SC_OK);
                    response.setContentType(XetFiles.FILE_INFO_TYPE);
                    response.setContentLength(info.length);
                    if (!request.getMethod().equals("HEAD")) {
                        response.getOutputStream().write(info);
                    }
                    return;
                }
            }
            Optional<URI> presigned = lfsStored
                    ? lfs.presignedDownload(entry.lfsOid(), fileName(path), PRESIGN_TTL) : Optional.empty();
            if (presigned.isPresent() && presigned.get().getHost() != null
                    && !presigned.get().getHost().equalsIgnoreCase(request.getServerName())) {
                served(uri, repo, sha, path, caller, request);
                response.setStatus(HttpServletResponse.SC_FOUND);
                response.setHeader("Location", presigned.get().toString());
                response.setContentLength(0);
                return;
            }
        }
        if (request.getParameter("noContentDisposition") == null) {
            ResponseHeaders.set(response, "Content-Disposition", contentDisposition(fileName(path)));
        }
        response.setContentType("application/octet-stream");

        long start = 0;
        long length = size;
        String range = request.getHeader("Range");
        Matcher m = range == null ? null : RANGE.matcher(range.strip());
        if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
            long[] slice = slice(m.group(1), m.group(2), size);
            if (slice == null) {
                response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
                response.setHeader("Content-Range", "bytes */" + size);
                response.setContentLength(0);
                return;
            }
            start = slice[0];
            length = slice[1] - slice[0] + 1;
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setHeader("Content-Range", "bytes " + slice[0] + "-" + slice[1] + "/" + size);
        } else {
            response.setStatus(HttpServletResponse.SC_OK);
        }
        response.setContentLengthLong(length);
        served(uri, repo, sha, path, caller, request);
        if (request.getMethod().equals("HEAD") || length == 0) {
            return;
        }
        if (lfsStored && Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORTED))) {
            Optional<Path> file = lfs.localFile(entry.lfsOid());
            if (file.isPresent()) {
                // The connector sends [start, end) of the file itself, with sendfile(2): no copy here.
                request.setAttribute(SENDFILE_FILENAME, file.get().toAbsolutePath().toString());
                request.setAttribute(SENDFILE_START, start);
                request.setAttribute(SENDFILE_END, start + length);
                return;
            }
        }
        try (InputStream in = !content ? git.openBlob(repo.id(), entry.oid(), start)
                : lfsStored ? lfs.open(entry.lfsOid(), start, length)
                : xet.open(xetFile.get(), start, start + length - 1)) {
            copy(in, response.getOutputStream(), length);
        }
    }

    /** Tells the download counters (huggingface.co counts GET and HEAD of its query files alike). */
    private void served(RepoUri uri, Repo repo, String sha, String path, Caller caller, HttpServletRequest request) {
        if (uri.action().equals("resolve")) {
            FileServed served = new FileServed(repo.id(), repo.type(), sha, path, caller.accountId(),
                    request.getRemoteAddr());
            for (FileServed.Listener listener : listeners) {
                listener.on(served);
            }
        }
    }

    /** [first, last] of a satisfiable single range (RFC 9110 §14.1.2), or null. */
    static long[] slice(String first, String last, long size) {
        if (first.isEmpty()) {
            long suffix = Long.parseLong(last);
            if (suffix == 0 || size == 0) {
                return null;
            }
            return new long[] {Math.max(0, size - suffix), size - 1};
        }
        long from = Long.parseLong(first);
        if (from >= size) {
            return null;
        }
        long to = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
        if (to < from) {
            return null;
        }
        return new long[] {from, to};
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("The stored content ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** A file name that percent-encoding and the ASCII fallback both leave as it is. */
    private static boolean isPlain(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    static String contentDisposition(String name) {
        if (isPlain(name)) {
            return "inline; filename*=UTF-8''" + name + "; filename=\"" + name + "\"";
        }
        StringBuilder ascii = new StringBuilder();
        for (char c : name.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "inline; filename*=UTF-8''" + encoded + "; filename=\"" + ascii + "\"";
    }
}
