package org.selfhub.hub.xet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.system.PublicUrls;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CAS routes of xet.md §2 and §5, under {@code hub.xet.cas-path}. Uploads need a write token,
 * reconstructions a read (or write) token of a repository the file was uploaded for; xorb bytes
 * are served only through the signed range URLs that reconstructions hand out.
 */
@RestController
class XetCasController {

    private final XetCasService cas;
    private final XetProperties properties;
    private final PublicUrls urls;

    XetCasController(XetCasService cas, XetProperties properties, PublicUrls urls) {
        this.cas = cas;
        this.properties = properties;
        this.urls = urls;
    }

    @PostMapping(XetProperties.CAS_PATH + "/v1/xorbs/{prefix}/{hash}")
    Map<String, Object> uploadXorb(@PathVariable String hash, HttpServletRequest request) throws IOException {
        requireWrite(request);
        try (InputStream body = request.getInputStream()) {
            return Map.of("was_inserted", cas.uploadXorb(hash, body));
        }
    }

    @PostMapping(XetProperties.CAS_PATH + "/v1/shards")
    Map<String, Object> uploadShard(HttpServletRequest request) throws IOException {
        XetToken token = requireWrite(request);
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(ShardReader.MAX_SHARD_BYTES + 1);
        }
        if (body.length > ShardReader.MAX_SHARD_BYTES) {
            throw new HubException(HubErrorCode.PAYLOAD_TOO_LARGE, "A shard is at most 64 MiB");
        }
        return Map.of("result", cas.uploadShard(token, body) ? 1 : 0);
    }

    @GetMapping({XetProperties.CAS_PATH + "/v1/reconstructions/{hash}", XetProperties.CAS_PATH + "/v2/reconstructions/{hash}"})
    Map<String, Object> reconstruction(@PathVariable String hash, HttpServletRequest request) {
        XetToken token = requireToken(request);
        XetRecords.StoredFile file = cas.readableFile(token.repositoryId(), hash)
                .orElseThrow(() -> HubException.notFound("File " + hash + " not found"));
        boolean v2 = request.getRequestURI().contains("/v2/reconstructions/");
        return cas.reconstruction(file, request.getHeader("Range"), v2, urls.base(request) + properties.casPath());
    }

    /** Xorb bytes for a signed, range-bound URL; no Authorization (xet.md §2.4, Option B). */
    @GetMapping(XetProperties.CAS_PATH + XetCasService.XORB_DATA + "{hash}")
    void xorbData(@PathVariable String hash, @RequestParam(name = "r", required = false) String signedRange,
                  @RequestParam(name = "exp", required = false) String expires,
                  @RequestParam(name = "sig", required = false) String signature,
                  HttpServletRequest request, HttpServletResponse response) throws IOException {
        requireEnabled();
        String rangeHeader = request.getHeader("Range");
        long[] bytes = cas.checkXorbUrl(hash, signedRange, expires, signature, rangeHeader);
        long length = bytes[1] - bytes[0] + 1;
        response.setStatus(rangeHeader == null ? HttpServletResponse.SC_OK : HttpServletResponse.SC_PARTIAL_CONTENT);
        if (rangeHeader != null) {
            response.setHeader("Content-Range", "bytes " + bytes[0] + "-" + bytes[1] + "/*");
        }
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(length);
        try (InputStream in = cas.openXorbBytes(hash, bytes[0], bytes[1])) {
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("Stored xorb " + hash + " ended early");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    /** A whole file rebuilt on the server, for a signed LFS batch download URL (git-lfs); Range supported. */
    @GetMapping(XetProperties.CAS_PATH + XetCasService.FILE_DATA + "{hash}")
    void fileData(@PathVariable String hash, @RequestParam(name = "exp", required = false) String expires,
                  @RequestParam(name = "sig", required = false) String signature,
                  HttpServletRequest request, HttpServletResponse response) throws IOException {
        requireEnabled();
        XetRecords.StoredFile file = cas.checkFileUrl(hash, expires, signature);
        String rangeHeader = request.getHeader("Range");
        long first = 0;
        long last = file.size() - 1;
        if (rangeHeader != null) {
            long[] range = XetCasService.range(rangeHeader, file.size());
            first = range[0];
            last = range[1];
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setHeader("Content-Range", "bytes " + first + "-" + last + "/" + file.size());
        }
        response.setHeader("Accept-Ranges", "bytes");
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(last - first + 1);
        if (last < first) {
            return;
        }
        try (InputStream in = cas.open(file, first, last)) {
            in.transferTo(response.getOutputStream());
        }
    }

    /**
     * Routes the clients probe but the hub does not serve (xet.md §2): v2 shard uploads and xorb
     * grants (hf_xet falls back to v1 and direct uploads), and global dedup (clients read any error as
     * "no match").
     */
    @RequestMapping({XetProperties.CAS_PATH + "/v2/shards", XetProperties.CAS_PATH + "/v1/chunks/**",
            XetProperties.CAS_PATH + "/v1/xorb-grants/**"})
    void notServed() {
        throw HubException.notFound("Not served by this hub");
    }

    /** Fire-and-forget client telemetry: accepted and dropped. */
    @PostMapping(XetProperties.CAS_PATH + "/v1/telemetry")
    Map<String, Object> telemetry() {
        requireEnabled();
        return Map.of();
    }

    @GetMapping(XetProperties.CAS_PATH + "/health")
    Map<String, Object> health() {
        requireEnabled();
        return Map.of("status", "ok");
    }

    private XetToken requireWrite(HttpServletRequest request) {
        XetToken token = requireToken(request);
        if (!token.canWrite()) {
            throw HubException.forbidden("This Xet token can only read; ask for a write token to upload");
        }
        return token;
    }

    private XetToken requireToken(HttpServletRequest request) {
        requireEnabled();
        Object token = request.getAttribute(XetCasAuthFilter.TOKEN_ATTRIBUTE);
        if (!(token instanceof XetToken)) {
            throw new HubException(HubErrorCode.UNAUTHORIZED, "A Xet access token is required:"
                    + " 'Authorization: Bearer <accessToken>' from the xet-read-token or xet-write-token route");
        }
        return (XetToken) token;
    }

    private void requireEnabled() {
        if (!properties.enabled()) {
            throw HubException.notFound("Xet storage is not enabled on this hub");
        }
    }
}
