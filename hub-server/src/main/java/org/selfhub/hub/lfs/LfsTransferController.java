package org.selfhub.hub.lfs;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.selfhub.hub.lfs.LfsBatchMessages.CompletedPartSpec;
import org.selfhub.hub.lfs.LfsBatchMessages.CompletionRequest;
import org.selfhub.hub.lfs.LfsBatchMessages.VerifyRequest;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.storage.CompletedPart;
import org.selfhub.hub.storage.ObjectStat;
import org.selfhub.hub.storage.ObjectStore;
import org.selfhub.hub.storage.StoredObject;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub's own transfer URLs that the batch API hands out, under {@code /api/lfs/objects/{oid}}.
 * The LFS clients send no {@code Authorization} to them (hub-api-contract.md §7.6): each URL carries
 * its own expiring signature ({@link TransferUrls}), which names the object, its size and the
 * repository the upload is for.
 *
 * <ul>
 *   <li>{@code PUT} — single upload on the filesystem store, hashed while it is written;</li>
 *   <li>{@code PUT …/parts/{n}} — one part of a multipart upload on the filesystem store; answers the
 *       part's {@code ETag}, exposed to browsers (§1.9);</li>
 *   <li>{@code POST …/complete} — multipart completion on either store: assembles, verifies size and
 *       sha256 while streaming, moves into place, records;</li>
 *   <li>{@code POST …/verify} — checks the object is there with that size (and verifies a presigned
 *       single PUT to S3);</li>
 *   <li>{@code GET}/{@code HEAD} — download on the filesystem store, with {@code Range}.</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/lfs/objects/{oid}")
@CrossOrigin(origins = "*", exposedHeaders = {"ETag", "X-Request-Id", "X-Error-Code", "X-Error-Message",
        "Accept-Ranges", "Content-Range"})
class LfsTransferController {

    private static final int MAX_JSON_BYTES = 4 * 1024 * 1024;
    private static final int BUFFER_SIZE = 256 * 1024;

    private final LfsObjectService objects;
    private final ObjectStore store;
    private final TransferUrls urls;
    private final JsonMapper json;

    LfsTransferController(LfsObjectService objects, TransferUrls urls, JsonMapper json) {
        this.objects = objects;
        this.store = objects.store();
        this.urls = urls;
        this.json = json;
    }

    @PutMapping
    ResponseEntity<Map<String, Object>> upload(@PathVariable String oid, HttpServletRequest request)
            throws IOException {
        Map<String, String> params = urls.verify(request, "objects/" + oid);
        requireOid(oid);
        UUID repo = uuid(params, "repo");
        long size = number(params, "size");
        requireContentLength(request, size);
        try (InputStream in = request.getInputStream()) {
            objects.storeVerified(repo, oid, size, in);
        }
        return ResponseEntity.ok(Map.of("oid", oid, "size", size));
    }

    @PutMapping("/parts/{part}")
    ResponseEntity<Void> uploadPart(@PathVariable String oid, @PathVariable int part, HttpServletRequest request)
            throws IOException {
        Map<String, String> params = urls.verify(request, "objects/" + oid + "/parts/" + part);
        requireOid(oid);
        PartPlan plan = plan(params);
        if (!plan.hasPart(part)) {
            throw HubException.forbidden("This transfer URL's signature is invalid");
        }
        String upload = uploadId(params);
        requireContentLength(request, plan.length(part));
        StoredObject stored;
        try (InputStream in = request.getInputStream()) {
            stored = store.put(LfsObjectService.partKey(upload, part), in, plan.length(part), null);
        }
        // Both HF clients require a non-empty ETag per part and send it back at completion.
        return ResponseEntity.ok().eTag("\"" + stored.sha256Hex() + "\"").build();
    }

    @PostMapping("/complete")
    ResponseEntity<Map<String, Object>> complete(@PathVariable String oid, HttpServletRequest request)
            throws IOException {
        Map<String, String> params = urls.verify(request, "objects/" + oid + "/complete");
        requireOid(oid);
        UUID repo = uuid(params, "repo");
        PartPlan plan = plan(params);
        String upload = uploadId(params);
        CompletionRequest body = readJson(request, CompletionRequest.class).orElse(new CompletionRequest(null, null));
        if (body.oid() != null && !body.oid().equals(oid)) {
            throw unprocessable("Completion names oid " + body.oid() + " but this URL is for " + oid);
        }
        if (isDone(repo, oid, plan.size())) {
            // A retried completion: the first one already verified and recorded the object.
            return ResponseEntity.ok(Map.of("oid", oid, "size", plan.size()));
        }
        String nonce = params.get("nonce");
        if (nonce != null) {
            String staging = LfsObjectService.multipartStagingKey(repo, oid, nonce);
            store.completeMultipartUpload(staging, upload, completedParts(body, plan));
            objects.verifyStaged(repo, oid, plan.size(), staging);
        } else {
            assembleParts(repo, oid, plan, upload);
        }
        return ResponseEntity.ok(Map.of("oid", oid, "size", plan.size()));
    }

    @PostMapping("/verify")
    ResponseEntity<Map<String, Object>> verify(@PathVariable String oid, HttpServletRequest request)
            throws IOException {
        Map<String, String> params = urls.verify(request, "objects/" + oid + "/verify");
        requireOid(oid);
        UUID repo = uuid(params, "repo");
        long size = number(params, "size");
        Optional<VerifyRequest> body = readJson(request, VerifyRequest.class);
        if (body.isPresent() && ((body.get().oid() != null && !body.get().oid().equals(oid))
                || (body.get().size() != null && body.get().size() != size))) {
            throw unprocessable("Verify names another object than this URL (" + oid + ", " + size + " bytes)");
        }
        if (!isDone(repo, oid, size) && !objects.acceptStagedUpload(repo, oid, size)) {
            String message = "Object " + oid + " (" + size + " bytes) was not uploaded";
            throw new HubException(HubErrorCode.NOT_FOUND, message).withBodyField("message", message);
        }
        return ResponseEntity.ok(Map.of("oid", oid, "size", size));
    }

    @GetMapping
    void download(@PathVariable String oid, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        urls.verify(request, "objects/" + oid);
        requireOid(oid);
        LfsObject object = objects.findVerified(oid)
                .orElseThrow(() -> HubException.notFound("Object " + oid + " does not exist"));
        long size = object.size();
        long offset = 0;
        long length = size;
        int status = HttpServletResponse.SC_OK;
        String rangeHeader = request.getHeader(HttpHeaders.RANGE);
        if (rangeHeader != null) {
            List<HttpRange> ranges = parseRanges(rangeHeader, size);
            // One range is what every LFS and HF client asks for; several are answered in full.
            if (ranges.size() == 1) {
                HttpRange range = ranges.get(0);
                offset = range.getRangeStart(size);
                length = range.getRangeEnd(size) - offset + 1;
                status = HttpServletResponse.SC_PARTIAL_CONTENT;
                response.setHeader(HttpHeaders.CONTENT_RANGE,
                        "bytes " + offset + "-" + (offset + length - 1) + "/" + size);
            }
        }
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        response.setContentLengthLong(length);
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.ETAG, "\"" + oid + "\"");
        if ("HEAD".equals(request.getMethod()) || length == 0) {
            return;
        }
        try (InputStream in = store.get(LfsObjectService.objectKey(oid), offset, length)) {
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[BUFFER_SIZE];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
        }
    }

    private static List<HttpRange> parseRanges(String header, long size) {
        List<HttpRange> ranges;
        try {
            ranges = HttpRange.parseRanges(header);
            for (HttpRange range : ranges) {
                if (range.getRangeStart(size) > range.getRangeEnd(size)) {
                    throw new IllegalArgumentException("empty range");
                }
            }
        } catch (IllegalArgumentException e) {
            throw new HubException(HubErrorCode.RANGE_NOT_SATISFIABLE, "Range " + header + " is not satisfiable")
                    .withHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
        }
        return ranges;
    }

    /** Streams the parts, in order, into the object's place; nothing is visible unless they verify. */
    private void assembleParts(UUID repo, String oid, PartPlan plan, String upload) throws IOException {
        for (int part = 1; part <= plan.partCount(); part++) {
            Optional<ObjectStat> stat = store.stat(LfsObjectService.partKey(upload, part));
            if (stat.isEmpty() || stat.get().size() != plan.length(part)) {
                throw unprocessable("Part " + part + " of " + plan.partCount() + " of object " + oid
                        + " was not uploaded");
            }
        }
        try (InputStream all = new SequenceInputStream(lazyParts(upload, plan.partCount()))) {
            objects.storeVerified(repo, oid, plan.size(), all);
        } finally {
            for (int part = 1; part <= plan.partCount(); part++) {
                store.delete(LfsObjectService.partKey(upload, part));
            }
        }
    }

    /** Opens each part only when the previous one is used up, so one file is open at a time. */
    private Enumeration<InputStream> lazyParts(String upload, int count) {
        return new Enumeration<>() {
            private int next = 1;

            @Override
            public boolean hasMoreElements() {
                return next <= count;
            }

            @Override
            public InputStream nextElement() {
                if (next > count) {
                    throw new NoSuchElementException();
                }
                return store.get(LfsObjectService.partKey(upload, next++));
            }
        };
    }

    private static List<CompletedPart> completedParts(CompletionRequest body, PartPlan plan) {
        if (body.parts() == null || body.parts().size() != plan.partCount()) {
            throw unprocessable("Completion must list all " + plan.partCount() + " parts");
        }
        List<CompletedPart> parts = new ArrayList<>();
        for (CompletedPartSpec spec : body.parts()) {
            if (spec == null || spec.partNumber() == null || !plan.hasPart(spec.partNumber())
                    || spec.etag() == null || spec.etag().isBlank()) {
                throw unprocessable("Completion lists an invalid part");
            }
            parts.add(new CompletedPart(spec.partNumber(), spec.etag()));
        }
        parts.sort(Comparator.comparingInt(CompletedPart::partNumber));
        return Collections.unmodifiableList(parts);
    }

    private boolean isDone(UUID repo, String oid, long size) {
        return objects.findVerified(oid).filter(o -> o.size() == size).isPresent() && objects.isLinked(repo, oid);
    }

    private <T> Optional<T> readJson(HttpServletRequest request, Class<T> type) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_JSON_BYTES + 1);
        }
        if (body.length > MAX_JSON_BYTES) {
            throw new HubException(HubErrorCode.PAYLOAD_TOO_LARGE, "Request body too large");
        }
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(json.readValue(body, type));
        } catch (JacksonException e) {
            throw unprocessable("Invalid JSON body");
        }
    }

    private static void requireContentLength(HttpServletRequest request, long expected) {
        long declared = request.getContentLengthLong();
        if (declared >= 0 && declared != expected) {
            throw unprocessable("Uploaded content has " + declared + " bytes, expected " + expected);
        }
    }

    private static void requireOid(String oid) {
        if (!LfsObjectService.isValidOid(oid)) {
            throw HubException.forbidden("This transfer URL's signature is invalid");
        }
    }

    private static PartPlan plan(Map<String, String> params) {
        try {
            return PartPlan.signed(number(params, "size"), number(params, "chunk"));
        } catch (IllegalArgumentException e) {
            throw HubException.forbidden("This transfer URL's signature is invalid");
        }
    }

    private static String uploadId(Map<String, String> params) {
        String upload = params.get("upload");
        if (upload == null || upload.isEmpty()) {
            throw HubException.forbidden("This transfer URL's signature is invalid");
        }
        return upload;
    }

    private static UUID uuid(Map<String, String> params, String name) {
        try {
            return UUID.fromString(params.get(name));
        } catch (RuntimeException e) {
            throw HubException.forbidden("This transfer URL's signature is invalid");
        }
    }

    private static long number(Map<String, String> params, String name) {
        try {
            return Long.parseLong(params.get(name));
        } catch (RuntimeException e) {
            throw HubException.forbidden("This transfer URL's signature is invalid");
        }
    }

    private static HubException unprocessable(String message) {
        return new HubException(HubErrorCode.UNPROCESSABLE, message).withBodyField("message", message);
    }
}
