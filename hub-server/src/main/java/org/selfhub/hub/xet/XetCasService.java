package org.selfhub.hub.xet;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.storage.ObjectStore;
import org.springframework.stereotype.Service;

/**
 * The CAS (xet.md §2): validates and stores xorbs, validates and records shards, plans
 * reconstructions, and signs the range-bound URLs their bytes are fetched from.
 *
 * <p>A xorb is streamed to a temporary file while each chunk is decoded and hashed, so memory stays
 * at one chunk per upload; only a xorb whose Merkle hash equals its path is put into the store, and
 * only then recorded (first write wins). A shard's terms are checked against the hub's own chunk
 * metadata: the xorb exists, the chunk range and raw size fit, and the verification hash proves the
 * uploader knew the chunk hashes, which are never served (xet.md §2.2).
 */
@Service
class XetCasService {

    static final String XORB_DATA = "/xorb-data/";
    static final String FILE_DATA = "/file-data/";

    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d+)-(\\d*)$");

    private final ObjectStore store;
    private final XetRecords records;
    private final XetSigner signer;
    private final XetProperties properties;
    private final Clock clock;
    private final Semaphore uploads;
    private final Counter storedBytes;
    private final Counter duplicateBytes;

    XetCasService(ObjectStore store, XetRecords records, XetSigner signer, XetProperties properties, Clock clock,
            MeterRegistry meters) {
        this.store = store;
        this.records = records;
        this.signer = signer;
        this.properties = properties;
        this.clock = clock;
        this.uploads = new Semaphore(properties.maxConcurrentUploads());
        this.storedBytes = xorbBytes(meters, "stored");
        this.duplicateBytes = xorbBytes(meters, "duplicate");
    }

    /**
     * {@code hub_xet_xorb_received_bytes_total{outcome}}: serialized bytes of valid xorbs received,
     * newly stored or already there (what a client sent that dedup could have saved).
     */
    private static Counter xorbBytes(MeterRegistry meters, String outcome) {
        return Counter.builder("hub.xet.xorb.received").baseUnit("bytes").tag("outcome", outcome)
                .description("Serialized bytes of valid xorbs received by the CAS").register(meters);
    }

    static String xorbKey(String hash) {
        return "xet/xorbs/" + hash;
    }

    // ---------------------------------------------------------------- uploads

    /** Validates and stores a xorb; false when it was stored before. */
    boolean uploadXorb(String hash, InputStream body) throws IOException {
        requireHash(hash, "xorb");
        if (!uploads.tryAcquire()) {
            throw new HubException(HubErrorCode.SERVICE_UNAVAILABLE, "Too many xorb uploads at once; retry later")
                    .withHeader("Retry-After", "1");
        }
        Path temp = Files.createTempFile("xet-xorb-", ".bin");
        try {
            XorbLayout layout;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 256 * 1024)) {
                layout = XorbReader.read(new BufferedInputStream(body, 256 * 1024), out);
            } catch (MalformedXetDataException e) {
                throw HubException.badRequest("Invalid xorb: " + e.getMessage());
            }
            if (!layout.hash().equals(hash)) {
                throw HubException.badRequest("The xorb's hash is " + layout.hash() + ", not " + hash);
            }
            if (records.xorbExists(hash)) {
                duplicateBytes.increment(layout.serializedSize());
                return false;
            }
            // Bytes first, row second: a crash in between leaves only an unreferenced object.
            try (InputStream in = Files.newInputStream(temp)) {
                store.put(xorbKey(hash), in, layout.serializedSize(), null);
            }
            boolean inserted = records.insertXorb(layout);
            (inserted ? storedBytes : duplicateBytes).increment(layout.serializedSize());
            return inserted;
        } finally {
            Files.deleteIfExists(temp);
            uploads.release();
        }
    }

    /** Validates a shard and records its files for the token's repository; true when anything was new. */
    boolean uploadShard(XetToken token, byte[] body) {
        ShardReader.Shard shard;
        try {
            shard = ShardReader.read(body);
        } catch (MalformedXetDataException e) {
            throw HubException.badRequest("Invalid shard: " + e.getMessage());
        }
        Map<String, XorbLayout> xorbs = new HashMap<>();
        record Checked(ShardReader.FileInfo file, long size, List<XetRecords.StoredTerm> terms) {
        }
        List<Checked> checked = new ArrayList<>();
        for (ShardReader.FileInfo file : shard.files()) {
            List<XetHashes.Node> chunks = new ArrayList<>();
            List<XetRecords.StoredTerm> terms = new ArrayList<>();
            long size = 0;
            for (ShardReader.Term term : file.terms()) {
                XorbLayout xorb = xorbs.computeIfAbsent(term.xorbHash(), h -> records.findXorb(h).orElseThrow(() ->
                        HubException.badRequest("The shard references xorb " + h + ", which was not uploaded")));
                int start = term.chunkStart();
                int end = term.chunkEnd();
                if (start < 0 || end > xorb.chunkCount() || start >= end) {
                    throw HubException.badRequest("The shard references chunks [" + Integer.toUnsignedString(start)
                            + ", " + Integer.toUnsignedString(end) + ") of xorb " + xorb.hash() + ", which has "
                            + xorb.chunkCount());
                }
                if (xorb.unpackedBytes(start, end) != term.unpackedBytes()) {
                    throw HubException.badRequest("A term of file " + file.fileHash() + " declares "
                            + term.unpackedBytes() + " bytes; its chunks hold " + xorb.unpackedBytes(start, end));
                }
                byte[] expected = XetHashes.verificationHash(xorb.chunkHashes(), start * XetHashes.HASH_LENGTH,
                        (end - start) * XetHashes.HASH_LENGTH);
                if (term.verificationHash() == null
                        || !java.security.MessageDigest.isEqual(expected, term.verificationHash())) {
                    throw HubException.badRequest("A term of file " + file.fileHash()
                            + " has a missing or wrong verification hash");
                }
                for (int c = start; c < end; c++) {
                    chunks.add(new XetHashes.Node(java.util.Arrays.copyOfRange(xorb.chunkHashes(),
                            c * XetHashes.HASH_LENGTH, (c + 1) * XetHashes.HASH_LENGTH), xorb.unpackedBytes(c, c + 1)));
                }
                size += term.unpackedBytes();
                terms.add(new XetRecords.StoredTerm(xorb.hash(), start, end, term.unpackedBytes()));
            }
            String computed = XetHashes.hex(XetHashes.fileHash(chunks));
            if (!computed.equals(file.fileHash())) {
                throw HubException.badRequest("The chunks of file " + file.fileHash() + " hash to " + computed);
            }
            checked.add(new Checked(file, size, terms));
        }
        boolean changed = false;
        for (Checked c : checked) {
            changed |= records.insertFileAndLink(token.repositoryId(), c.file().fileHash(), c.size(), c.file().sha256(),
                    c.terms());
        }
        return changed;
    }

    // ---------------------------------------------------------------- downloads

    /** The file, when the repository may read it: it was uploaded for that repository. */
    Optional<XetRecords.StoredFile> readableFile(UUID repositoryId, String fileHash) {
        if (!XetHashes.isHex(fileHash) || !records.isLinked(repositoryId, fileHash)) {
            return Optional.empty();
        }
        return records.findFile(fileHash);
    }

    /**
     * The reconstruction JSON of xet.md §2.3 for a {@code Range} header (null: the whole file), with
     * one signed, range-bound URL per merged fetch range.
     *
     * @throws HubException 416 when the range starts at or past the end
     */
    Map<String, Object> reconstruction(XetRecords.StoredFile file, String rangeHeader, boolean v2, String casBase) {
        long[] range = range(rangeHeader, file.size());
        ReconstructionPlan plan = range == null
                ? new ReconstructionPlan(0, List.of(), Map.of())
                : plan(file, range[0], range[1]);
        List<Map<String, Object>> terms = new ArrayList<>();
        for (ReconstructionPlan.Term t : plan.terms()) {
            Map<String, Object> term = new LinkedHashMap<>();
            term.put("hash", t.xorbHash());
            term.put("unpacked_length", t.unpackedLength());
            term.put("range", Map.of("start", t.chunkStart(), "end", t.chunkEnd()));
            terms.add(term);
        }
        long expires = clock.instant().plus(properties.tokenTtl()).getEpochSecond();
        Map<String, Object> fetches = new LinkedHashMap<>();
        plan.fetches().forEach((hash, list) -> fetches.put(hash, list.stream().map(f -> {
            String url = xorbUrl(casBase, hash, f.byteStart(), f.byteEnd(), expires);
            Map<String, Object> entry = new LinkedHashMap<>();
            if (v2) {
                // One range per entry: multi-range entries need multipart/byteranges (xet.md §2.3).
                entry.put("url", url);
                entry.put("ranges", List.of(Map.of("chunks", Map.of("start", f.chunkStart(), "end", f.chunkEnd()),
                        "bytes", Map.of("start", f.byteStart(), "end", f.byteEnd()))));
            } else {
                entry.put("range", Map.of("start", f.chunkStart(), "end", f.chunkEnd()));
                entry.put("url", url);
                entry.put("url_range", Map.of("start", f.byteStart(), "end", f.byteEnd()));
            }
            return entry;
        }).toList()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("offset_into_first_range", plan.offsetIntoFirstRange());
        answer.put("terms", terms);
        answer.put(v2 ? "xorbs" : "fetch_info", fetches);
        return answer;
    }

    /** The raw bytes [first, last] of a file, rebuilt from its xorbs. */
    InputStream open(XetRecords.StoredFile file, long first, long last) {
        Map<String, XorbLayout> xorbs = new HashMap<>();
        java.util.function.Function<String, XorbLayout> layouts = h -> xorbs.computeIfAbsent(h,
                x -> records.findXorb(x).orElseThrow(() -> new IllegalStateException("Xorb " + x + " is not recorded")));
        ReconstructionPlan plan = ReconstructionPlan.plan(file.terms(), layouts, first, last);
        return new ReconstructedInputStream(plan, layouts,
                (hash, slice) -> store.get(xorbKey(hash), slice[0], slice[1]), last - first + 1);
    }

    /**
     * Streams serialized xorb bytes for a signed URL: the signature covers the xorb and the byte range,
     * and a {@code Range} header may only ask for bytes inside it.
     *
     * @return {first, last} of the bytes to send
     */
    long[] checkXorbUrl(String hash, String signedRange, String expires, String signature, String rangeHeader) {
        if (!XetHashes.isHex(hash) || signedRange == null || expires == null
                || !signer.matches(xorbUrlText(hash, signedRange, expires), signature)) {
            throw HubException.forbidden("This xorb URL's signature is invalid");
        }
        long expiresAt;
        long b0;
        long b1;
        try {
            expiresAt = Long.parseLong(expires);
            int dash = signedRange.indexOf('-');
            b0 = Long.parseLong(signedRange.substring(0, dash));
            b1 = Long.parseLong(signedRange.substring(dash + 1));
        } catch (RuntimeException e) {
            throw HubException.forbidden("This xorb URL's signature is invalid");
        }
        if (clock.instant().getEpochSecond() > expiresAt) {
            throw HubException.forbidden("This xorb URL has expired; ask for the reconstruction again");
        }
        if (rangeHeader == null) {
            return new long[] {b0, b1};
        }
        Matcher m = RANGE.matcher(rangeHeader.strip());
        if (!m.matches()) {
            throw new HubException(HubErrorCode.RANGE_NOT_SATISFIABLE, "Only one byte range is supported");
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? b1 : Long.parseLong(m.group(2));
        if (first < b0 || last > b1 || first > last) {
            throw HubException.forbidden("The requested bytes lie outside this URL's signed range");
        }
        return new long[] {first, last};
    }

    InputStream openXorbBytes(String hash, long first, long last) {
        return store.get(xorbKey(hash), first, last - first + 1);
    }

    private ReconstructionPlan plan(XetRecords.StoredFile file, long first, long last) {
        Map<String, XorbLayout> xorbs = new HashMap<>();
        return ReconstructionPlan.plan(file.terms(), h -> xorbs.computeIfAbsent(h,
                x -> records.findXorb(x).orElseThrow(() -> new IllegalStateException("Xorb " + x + " is not recorded"))),
                first, last);
    }

    /** {@code /file-data/<hash>?exp=…&sig=…}: the path and query of a signed whole-file download URL. */
    String signedFileUrlPath(String fileHash) {
        long expires = clock.instant().plus(properties.tokenTtl()).getEpochSecond();
        String signature = signer.sign("file|" + fileHash + "|" + expires);
        return FILE_DATA + fileHash + "?exp=" + expires + "&sig=" + URLEncoder.encode(signature, StandardCharsets.UTF_8);
    }

    /** The file of a signed download URL; throws 403 when the signature is wrong or expired. */
    XetRecords.StoredFile checkFileUrl(String fileHash, String expires, String signature) {
        if (!XetHashes.isHex(fileHash) || expires == null || !signer.matches("file|" + fileHash + "|" + expires, signature)) {
            throw HubException.forbidden("This download URL's signature is invalid");
        }
        try {
            if (clock.instant().getEpochSecond() > Long.parseLong(expires)) {
                throw HubException.forbidden("This download URL has expired; ask the LFS batch API for a new one");
            }
        } catch (NumberFormatException e) {
            throw HubException.forbidden("This download URL's signature is invalid");
        }
        return records.findFile(fileHash).orElseThrow(() -> HubException.notFound("File " + fileHash + " not found"));
    }

    private String xorbUrl(String casBase, String hash, long first, long last, long expires) {
        String range = first + "-" + last;
        String signature = signer.sign(xorbUrlText(hash, range, Long.toString(expires)));
        return casBase + XORB_DATA + hash + "?r=" + range + "&exp=" + expires + "&sig="
                + URLEncoder.encode(signature, StandardCharsets.UTF_8);
    }

    private static String xorbUrlText(String hash, String range, String expires) {
        return "xorb|" + hash + "|" + range + "|" + expires;
    }

    /**
     * [first, last] of a reconstruction range: the whole file without a header, the end clamped to
     * the size; null for an empty file without a header.
     *
     * @throws HubException 416 when the range starts at or past the end (hf_xet reads it as "done")
     */
    static long[] range(String header, long size) {
        if (header == null || header.isBlank()) {
            return size == 0 ? null : new long[] {0, size - 1};
        }
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches()) {
            throw HubException.badRequest("Invalid Range header: expected bytes=start-end");
        }
        long first;
        long last;
        try {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw HubException.badRequest("Invalid Range header");
        }
        if (first >= size) {
            throw new HubException(HubErrorCode.RANGE_NOT_SATISFIABLE, "The range starts past the end of the file")
                    .withHeader("Content-Range", "bytes */" + size);
        }
        if (last < first) {
            throw HubException.badRequest("Invalid Range header: the end precedes the start");
        }
        return new long[] {first, Math.min(last, size - 1)};
    }

    static void requireHash(String hash, String what) {
        if (!XetHashes.isHex(hash)) {
            throw HubException.badRequest("Invalid " + what + " hash '" + hash + "': expected 64 lowercase hex digits");
        }
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
