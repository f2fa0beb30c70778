package org.selfhub.hub.lfs;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.selfhub.hub.auth.AuthService;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.lfs.LfsBatchMessages.BatchRequest;
import org.selfhub.hub.lfs.LfsBatchMessages.BatchResponse;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.repo.RepoService;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoRef;
import org.selfhub.hub.shared.RepoType;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The LFS batch endpoint, {@code POST /[datasets/|spaces/]{ns}/{name}[.git]/info/lfs/objects/batch}
 * (hub-api-contract.md §1.2 and §7.6; git-lfs appends {@code .git/info/lfs} to a remote without
 * {@code .git}, and {@code /info/lfs} to one with it). Authenticated by the same token as the API and
 * git: {@code Authorization: Bearer <token>} or Basic with the token as password. Downloads need read
 * access, uploads write access; a hidden repository answers like a missing one. Errors use the LFS
 * shape ({@link LfsErrorHandler}).
 */
@RestController
class LfsBatchController {

    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final MediaType LFS_JSON = MediaType.parseMediaType(LfsBatchMessages.MEDIA_TYPE);

    private final AuthService auth;
    private final RepoService repos;
    private final LfsBatchService batches;
    private final JsonMapper json;

    LfsBatchController(AuthService auth, RepoService repos, LfsBatchService batches, JsonMapper json) {
        this.auth = auth;
        this.repos = repos;
        this.batches = batches;
        this.json = json;
    }

    @PostMapping("/{namespace}/{name}/info/lfs/objects/batch")
    ResponseEntity<BatchResponse> modelBatch(@PathVariable String namespace, @PathVariable String name,
                                             HttpServletRequest request) throws IOException {
        return batch(RepoType.MODEL, namespace, name, request);
    }

    @PostMapping("/{type:datasets|spaces}/{namespace}/{name}/info/lfs/objects/batch")
    ResponseEntity<BatchResponse> typedBatch(@PathVariable String type, @PathVariable String namespace,
                                             @PathVariable String name, HttpServletRequest request)
            throws IOException {
        return batch(RepoType.fromPlural(type), namespace, name, request);
    }

    private ResponseEntity<BatchResponse> batch(RepoType type, String namespace, String name,
                                                HttpServletRequest request) throws IOException {
        RepoRef ref = new RepoRef(type, namespace, stripGit(name));
        Caller caller = auth.current(request);
        BatchRequest batch = read(request);
        String operation = batch.operation() == null ? "" : batch.operation().toLowerCase(Locale.ROOT);
        BatchResponse response;
        if (operation.equals("upload")) {
            Repo repo = repos.requireWritable(caller, ref);
            response = batches.upload(request, caller, repo, batch);
        } else if (operation.equals("download")) {
            Repo repo = repos.requireReadable(caller, ref);
            response = batches.download(request, repo, batch);
        } else {
            throw new HubException(HubErrorCode.UNPROCESSABLE,
                    "Invalid operation '" + batch.operation() + "': expected upload or download");
        }
        return ResponseEntity.ok().contentType(LFS_JSON).body(response);
    }

    private BatchRequest read(HttpServletRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new HubException(HubErrorCode.PAYLOAD_TOO_LARGE, "Batch request too large");
        }
        BatchRequest batch;
        try {
            batch = json.readValue(body, BatchRequest.class);
        } catch (JacksonException e) {
            throw new HubException(HubErrorCode.UNPROCESSABLE, "Invalid batch request: not the expected JSON");
        }
        if (batch == null || batch.objects() == null) {
            throw new HubException(HubErrorCode.UNPROCESSABLE, "Invalid batch request: objects is required");
        }
        String algo = batch.hashAlgo();
        if (algo != null && !algo.equals("sha256") && !algo.equals("sha_256")) {
            throw new HubException(HubErrorCode.CONFLICT, "Unsupported hash algorithm '" + algo + "': only sha256");
        }
        return batch;
    }

    private static String stripGit(String name) {
        return name.endsWith(".git") ? name.substring(0, name.length() - 4) : name;
    }
}
