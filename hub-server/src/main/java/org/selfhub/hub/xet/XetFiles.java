package org.selfhub.hub.xet;

import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.selfhub.hub.lfs.spi.XetTransfers;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.system.PublicUrls;
import org.springframework.stereotype.Service;

/**
 * What the file and LFS features need of Xet storage (xet.md §1.2–§1.5): which committed LFS
 * pointers (by sha256) a repository holds as Xet files, the headers that send Xet clients to the
 * CAS, server-side reconstruction for everyone else, and the {@code transfer: xet} upload action.
 * With {@code hub.xet.enabled=false} every method answers as if no Xet file existed.
 */
@Service
public class XetFiles implements XetTransfers {

    /** What the JS client sends to learn a file's Xet info (xet.md §1.2). */
    public static final String FILE_INFO_TYPE = "application/vnd.xet-fileinfo+json";

    private final XetRecords records;
    private final XetCasService cas;
    private final XetTokens tokens;
    private final XetProperties properties;
    private final PublicUrls urls;
    private final XetLinkCache links;

    XetFiles(XetRecords records, XetCasService cas, XetTokens tokens, XetProperties properties, PublicUrls urls,
             XetLinkCache links) {
        this.links = links;
        this.records = records;
        this.cas = cas;
        this.tokens = tokens;
        this.properties = properties;
        this.urls = urls;
    }

    @Override
    public boolean enabled() {
        return properties.enabled();
    }

    /**
     * The Xet file with this sha256 uploaded for the repository, of this size ({@code -1}: any);
     * empty when there is none or Xet is off.
     */
    public Optional<XetFile> find(UUID repositoryId, String sha256, long size) {
        if (!enabled() || sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        return links.get(repositoryId, sha256, () -> records.findLinkedBySha256(repositoryId, sha256)
                        .map(f -> new XetFile(f.hash(), f.size(), f.sha256())))
                .filter(f -> size < 0 || f.size() == size);
    }

    /** sha256 → Xet hash, for those of {@code sha256s} the repository holds as Xet files. */
    public Map<String, String> xetHashes(UUID repositoryId, Collection<String> sha256s) {
        return enabled() ? records.linkedHashesBySha256(repositoryId, sha256s) : Map.of();
    }

    /**
     * The headers that switch a Xet-capable client to the CAS (xet.md §1.2): {@code X-Xet-Hash} and
     * a {@code Link} with the read-token route for the commit ({@code rel="xet-auth"}, Python) and the
     * reconstruction URL ({@code rel="xet-reconstruction-info"}, JS needs both).
     */
    public Map<String, String> downloadHeaders(HttpServletRequest request, Repo repo, String commitSha, XetFile file) {
        String base = urls.base(request);
        String tokenUrl = base + "/api/" + repo.type().plural() + "/" + repo.repoId() + "/xet-read-token/" + commitSha;
        String reconstruction = base + properties.casPath() + "/v1/reconstructions/" + file.xetHash();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Xet-Hash", file.xetHash());
        headers.put("Link", "<" + tokenUrl + ">; rel=\"xet-auth\", <" + reconstruction
                + ">; rel=\"xet-reconstruction-info\"");
        return headers;
    }

    /** Whether the request is the JS client's file-info probe, which a Xet file answers with {@link #FILE_INFO_TYPE}. */
    public static boolean wantsFileInfo(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains(FILE_INFO_TYPE);
    }

    /** The small JSON body of the file-info answer; the JS client reads the headers, not this. */
    public static String fileInfoJson(XetFile file) {
        return "{\"hash\":\"" + file.xetHash() + "\",\"size\":" + file.size() + "}";
    }

    /** Raw bytes [first, last] of the file, rebuilt on the server for clients without Xet (xet.md §4.3). */
    public InputStream open(XetFile file, long first, long last) {
        XetRecords.StoredFile stored = records.findFile(file.xetHash())
                .orElseThrow(() -> new IllegalStateException("Xet file " + file.xetHash() + " is not recorded"));
        return cas.open(stored, first, last);
    }

    /**
     * A URL that serves the file's raw bytes, rebuilt on the server, without further authorization
     * until the token lifetime has passed; for LFS batch downloads (git-lfs) of files stored only as
     * Xet, as an LFS action ({@code header} null). The caller checked read access to a repository
     * the file belongs to.
     */
    @Override
    public Optional<Download> downloadAction(HttpServletRequest request, UUID repositoryId, String sha256) {
        return find(repositoryId, sha256, -1).map(file -> new Download(
                new Action(downloadUrl(request, file), null, Math.max(1, properties.tokenTtl().toSeconds() - 60)),
                file.size()));
    }

    @Override
    public boolean holds(UUID repositoryId, String sha256, long size) {
        return find(repositoryId, sha256, size).isPresent();
    }

    private String downloadUrl(HttpServletRequest request, XetFile file) {
        return urls.base(request) + properties.casPath() + cas.signedFileUrlPath(file.xetHash());
    }

    /**
     * The {@code transfer: xet} upload action for the repository (xet.md §1.5): a fresh write token,
     * whose route is the {@code href}. The caller's write access was checked by the batch route.
     */
    @Override
    public Action uploadAction(HttpServletRequest request, Repo repo, String revision, Long accountId) {
        XetToken token = tokens.issue(repo.id(), revision, XetToken.WRITE, accountId);
        String base = urls.base(request);
        Map<String, String> header = new LinkedHashMap<>();
        header.put("X-Xet-Cas-Url", base + properties.casPath());
        header.put("X-Xet-Access-Token", tokens.encode(token));
        header.put("X-Xet-Token-Expiration", Long.toString(token.expiresAt()));
        String href = base + "/api/" + repo.type().plural() + "/" + repo.repoId() + "/xet-write-token/"
                + URLEncoder.encode(revision, StandardCharsets.UTF_8);
        return new Action(href, header, Math.max(1, properties.tokenTtl().toSeconds() - 60));
    }
}
