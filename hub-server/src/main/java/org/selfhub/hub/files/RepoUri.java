package org.selfhub.hub.files;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoRef;
import org.selfhub.hub.shared.RepoType;

/**
 * The repository, action and remainder of a request, read from the raw (undecoded) request URI as
 * hub-api-contract.md §1.3 prescribes: Spring must not decode and re-split these paths, because a
 * revision may carry {@code %2F} ({@code refs%2Fpr%2F1}) and Python sends a tree path as one
 * {@code a%2Fb} segment.
 */
record RepoUri(RepoRef repo, String action, String rawRemainder) {

    private static final Pattern API = Pattern.compile(
            "^/api/(models|datasets|spaces)/([^/]+)/([^/]+)/([a-z-]+)(?:/(.*))?$");
    private static final Pattern FILES = Pattern.compile(
            "^/(?:(datasets|spaces)/)?([^/]+)/([^/]+)/(resolve|raw)/(.*)$");
    private static final Pattern SPECIAL_REVISION = Pattern.compile("^(refs/(?:pr/\\d+|convert/[\\w.-]+))(?:/(.*))?$");

    /** A revision and a path in the repository ({@code ""} for the root). */
    record RevisionAndPath(String revision, String path) {
    }

    static RepoUri api(HttpServletRequest request) {
        Matcher m = API.matcher(request.getRequestURI());
        if (!m.matches()) {
            throw HubException.notFound("Sorry, we can't find the page you are looking for");
        }
        RepoRef ref = new RepoRef(RepoType.fromPlural(m.group(1)), decode(m.group(2)), decode(m.group(3)));
        return new RepoUri(ref, m.group(4), m.group(5) == null ? "" : m.group(5));
    }

    static RepoUri files(HttpServletRequest request) {
        Matcher m = FILES.matcher(request.getRequestURI());
        if (!m.matches()) {
            throw HubException.notFound("Sorry, we can't find the page you are looking for");
        }
        RepoType type = m.group(1) == null ? RepoType.MODEL : RepoType.fromPlural(m.group(1));
        return new RepoUri(new RepoRef(type, decode(m.group(2)), decode(m.group(3))), m.group(4), m.group(5));
    }

    /** The whole remainder, percent-decoded: the revision or name of revision, commits, commit, branch, tag... */
    String decodedRemainder() {
        return decode(rawRemainder);
    }

    /**
     * Splits {@code {rev}/{path}}: the first raw segment (decoded) is the revision, unless the raw
     * remainder starts with {@code refs/pr/N} or {@code refs/convert/x} as JS sends them; the rest,
     * decoded, is the path.
     */
    RevisionAndPath revisionAndPath() {
        Matcher special = rawRemainder.startsWith("refs/") ? SPECIAL_REVISION.matcher(rawRemainder) : null;
        if (special != null && special.matches()) {
            return new RevisionAndPath(special.group(1), special.group(2) == null ? "" : decode(special.group(2)));
        }
        int slash = rawRemainder.indexOf('/');
        if (slash < 0) {
            return new RevisionAndPath(decode(rawRemainder), "");
        }
        return new RevisionAndPath(decode(rawRemainder.substring(0, slash)), decode(rawRemainder.substring(slash + 1)));
    }

    /** Strict percent-decoding: {@code +} stays {@code +}, invalid escapes or UTF-8 are a 400. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw HubException.badRequest("Invalid percent-encoding in the URL");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw HubException.badRequest("Invalid percent-encoding in the URL");
                }
                bytes.put((byte) (hi * 16 + lo));
                i += 2;
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (bytes.remaining() < encoded.length) {
                    throw HubException.badRequest("Invalid characters in the URL");
                }
                bytes.put(encoded);
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw HubException.badRequest("The URL is not valid UTF-8");
        }
    }
}
