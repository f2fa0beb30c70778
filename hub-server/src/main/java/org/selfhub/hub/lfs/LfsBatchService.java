package org.selfhub.hub.lfs;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.lfs.LfsBatchMessages.Action;
import org.selfhub.hub.lfs.LfsBatchMessages.BatchRequest;
import org.selfhub.hub.lfs.LfsBatchMessages.BatchResponse;
import org.selfhub.hub.lfs.LfsBatchMessages.ObjectResult;
import org.selfhub.hub.lfs.LfsBatchMessages.ObjectSpec;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.storage.ObjectStore;
import org.selfhub.hub.lfs.spi.XetTransfers;
import org.springframework.stereotype.Service;

/**
 * Answers LFS batch requests for one repository whose access was already checked: which objects need
 * no transfer, and where the others go (hub-api-contract.md §7.6, git-lfs.md §2.1).
 *
 * <p>Uploads go to a presigned S3 URL on a staging key (single PUT) or to S3 multipart parts when the
 * store signs URLs; otherwise to the hub's own signed URLs under {@code /api/lfs/}, which hash while
 * they write. Either way nothing becomes visible before its size and sha256 were verified.
 */
@Service
class LfsBatchService {

    /** S3 refuses single PUTs above 5 GiB. */
    static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;

    private static final String BASIC = "basic";
    private static final String MULTIPART = "multipart";
    private static final String XET = "xet";

    private final LfsObjectService objects;
    private final ObjectStore store;
    private final TransferUrls urls;
    private final LfsProperties properties;
    private final XetTransfers xet;

    LfsBatchService(LfsObjectService objects, TransferUrls urls, LfsProperties properties, XetTransfers xet) {
        this.objects = objects;
        this.store = objects.store();
        this.urls = urls;
        this.properties = properties;
        this.xet = xet;
    }

    BatchResponse upload(HttpServletRequest http, Caller caller, Repo repo, BatchRequest request) {
        boolean multipartOffered = request.transfers() != null && request.transfers().contains(MULTIPART);
        boolean usedMultipart = false;
        // Xet hook: clients that offer "xet" (JS, huggingface_hub 0.36-1.19) upload to the CAS (xet.md §1.5).
        XetTransfers.Action xetUpload = request.transfers() != null && request.transfers().contains(XET) && xet.enabled()
                ? xet.uploadAction(http, repo, revisionOf(request), caller.accountId()) : null;
        List<ObjectResult> results = new ArrayList<>();
        for (ObjectSpec spec : request.objects()) {
            Optional<ObjectResult> invalid = validate(spec);
            if (invalid.isPresent()) {
                results.add(invalid.get());
                continue;
            }
            String oid = spec.oid();
            long size = spec.size();
            Optional<LfsObject> existing = objects.findVerified(oid);
            if (existing.isPresent()) {
                if (existing.get().size() != size) {
                    results.add(ObjectResult.failed(oid, size, 422, "Object " + oid + " has size "
                            + existing.get().size() + ", not " + size));
                    continue;
                }
                if (objects.isLinked(repo.id(), oid)) {
                    results.add(ObjectResult.present(oid, size));
                    continue;
                }
                // Stored once for all repositories: skip the bytes when the caller can read them
                // elsewhere anyway; otherwise the upload itself proves possession.
                if (objects.readableElsewhere(caller, oid)) {
                    objects.link(repo.id(), oid);
                    results.add(ObjectResult.present(oid, size));
                    continue;
                }
            }
            if (xetUpload != null) {
                results.add(xet.holds(repo.id(), oid, size) ? ObjectResult.present(oid, size)
                        : new ObjectResult(oid, size, null, Map.of("upload", new Action(xetUpload.href(),
                        xetUpload.header(), xetUpload.expiresIn())), null));
            } else if (multipartOffered && size >= properties.multipartThreshold().toBytes()) {
                results.add(multipart(http, repo.id(), oid, size));
                usedMultipart = true;
            } else {
                results.add(basic(http, repo.id(), oid, size));
            }
        }
        return new BatchResponse(xetUpload != null ? XET : usedMultipart ? MULTIPART : BASIC, results,
                hashAlgo(request));
    }

    /** The branch a batch upload targets, for the Xet token: {@code ref.name} without {@code refs/heads/}. */
    private static String revisionOf(BatchRequest request) {
        String name = request.ref() == null || request.ref().name() == null ? "None" : request.ref().name();
        return name.startsWith("refs/heads/") ? name.substring("refs/heads/".length()) : name;
    }

    BatchResponse download(HttpServletRequest http, Repo repo, BatchRequest request) {
        List<ObjectResult> results = new ArrayList<>();
        for (ObjectSpec spec : request.objects()) {
            Optional<ObjectResult> invalid = validate(spec);
            if (invalid.isPresent()) {
                results.add(invalid.get());
                continue;
            }
            String oid = spec.oid();
            Optional<LfsObject> existing = objects.findVerified(oid);
            if (existing.isEmpty() || !objects.isLinked(repo.id(), oid)) {
                // Xet hook: git-lfs downloads of files uploaded through Xet, rebuilt on the server (xet.md §4.3).
                Optional<XetTransfers.Download> xetDownload = xet.downloadAction(http, repo.id(), oid);
                if (xetDownload.isPresent()) {
                    XetTransfers.Action download = xetDownload.get().action();
                    results.add(new ObjectResult(oid, xetDownload.get().size(), null, Map.of("download",
                            new Action(download.href(), null, download.expiresIn())), null));
                    continue;
                }
                results.add(ObjectResult.failed(oid, spec.size(), 404, "Object " + oid + " does not exist"));
                continue;
            }
            long size = existing.get().size();
            Optional<URI> presigned = objects.presignedDownload(oid, null, urls.ttl());
            URI href = presigned.orElseGet(() -> urls.sign(http, "GET", "objects/" + oid,
                    Map.of("size", Long.toString(size))));
            results.add(new ObjectResult(oid, size, presigned.isPresent() ? Boolean.TRUE : null,
                    Map.of("download", action(href, null)), null));
        }
        return new BatchResponse(BASIC, results, hashAlgo(request));
    }

    private ObjectResult basic(HttpServletRequest http, UUID repoId, String oid, long size) {
        Map<String, Action> actions = new LinkedHashMap<>();
        Optional<URI> presigned = Optional.empty();
        if (store.supportsMultipart()) {
            if (size > MAX_SINGLE_PUT) {
                return ObjectResult.failed(oid, size, 422, "Object " + oid + " is larger than 5 GB: upload it with"
                        + " huggingface_hub, or run `huggingface-cli lfs-enable-largefiles .` before pushing with git");
            }
            presigned = store.presignedPut(LfsObjectService.stagingKey(repoId, oid), urls.ttl());
        }
        URI href = presigned.orElseGet(() -> urls.sign(http, "PUT", "objects/" + oid, params(repoId, size)));
        actions.put("upload", action(href, null));
        actions.put("verify", verifyAction(http, repoId, oid, size));
        return new ObjectResult(oid, size, presigned.isPresent() ? Boolean.TRUE : null, actions, null);
    }

    /**
     * HF's custom {@code multipart} transfer: {@code upload.header} holds {@code chunk_size} and one URL
     * per part under zero-padded part numbers; {@code upload.href} is the completion URL the client
     * POSTs the part ETags to (hub-api-contract.md §7.6).
     */
    private ObjectResult multipart(HttpServletRequest http, UUID repoId, String oid, long size) {
        PartPlan plan = PartPlan.of(size, properties.multipartChunkSize().toBytes());
        Map<String, String> header = new LinkedHashMap<>();
        header.put("chunk_size", Long.toString(plan.chunkSize()));
        Map<String, String> completion = params(repoId, size);
        completion.put("chunk", Long.toString(plan.chunkSize()));
        if (store.supportsMultipart()) {
            String nonce = UUID.randomUUID().toString();
            String staging = LfsObjectService.multipartStagingKey(repoId, oid, nonce);
            String uploadId = store.createMultipartUpload(staging);
            for (int part = 1; part <= plan.partCount(); part++) {
                header.put(partKey(part), store.presignedPartUrl(staging, uploadId, part, urls.ttl()).toString());
            }
            completion.put("upload", uploadId);
            completion.put("nonce", nonce);
        } else {
            String uploadId = UUID.randomUUID().toString();
            completion.put("upload", uploadId);
            for (int part = 1; part <= plan.partCount(); part++) {
                header.put(partKey(part), urls.sign(http, "PUT", "objects/" + oid + "/parts/" + part, completion)
                        .toString());
            }
        }
        Map<String, Action> actions = new LinkedHashMap<>();
        actions.put("upload", action(urls.sign(http, "POST", "objects/" + oid + "/complete", completion), header));
        actions.put("verify", verifyAction(http, repoId, oid, size));
        return new ObjectResult(oid, size, null, actions, null);
    }

    private Action verifyAction(HttpServletRequest http, UUID repoId, String oid, long size) {
        // git-lfs sends action headers verbatim; Gitea adds Accept to work around git-lfs issue 3662.
        return action(urls.sign(http, "POST", "objects/" + oid + "/verify", params(repoId, size)),
                Map.of("Accept", LfsBatchMessages.MEDIA_TYPE));
    }

    private Action action(URI href, Map<String, String> header) {
        // A minute under the URL's real lifetime, so that a client never starts with an expired one.
        long expiresIn = Math.max(1, urls.ttl().toSeconds() - 60);
        return new Action(href.toString(), header, expiresIn);
    }

    private static Map<String, String> params(UUID repoId, long size) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("repo", repoId.toString());
        params.put("size", Long.toString(size));
        return params;
    }

    private static String partKey(int part) {
        return String.format("%05d", part);
    }

    private static Optional<ObjectResult> validate(ObjectSpec spec) {
        if (spec == null) {
            throw new HubException(HubErrorCode.UNPROCESSABLE, "Invalid object: null");
        }
        long size = spec.size() == null ? 0 : spec.size();
        if (!LfsObjectService.isValidOid(spec.oid())) {
            return Optional.of(ObjectResult.failed(String.valueOf(spec.oid()), size, 422,
                    "Invalid oid '" + spec.oid() + "': expected a sha256 as 64 lowercase hex digits"));
        }
        if (spec.size() == null || spec.size() < 0) {
            return Optional.of(ObjectResult.failed(spec.oid(), size, 422, "Invalid size for object " + spec.oid()));
        }
        return Optional.empty();
    }

    private static String hashAlgo(BatchRequest request) {
        return request.hashAlgo() == null ? "sha256" : request.hashAlgo();
    }
}
