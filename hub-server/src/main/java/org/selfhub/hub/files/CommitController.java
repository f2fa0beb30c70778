package org.selfhub.hub.files;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.git.CommitOperation;
import org.selfhub.hub.git.CommitRequest;
import org.selfhub.hub.git.CommitResult;
import org.selfhub.hub.git.FileEntry;
import org.selfhub.hub.git.FileIndex;
import org.selfhub.hub.git.GitAttributes;
import org.selfhub.hub.git.GitIgnore;
import org.selfhub.hub.git.GitPaths;
import org.selfhub.hub.git.GitService;
import org.selfhub.hub.lfs.LfsObject;
import org.selfhub.hub.lfs.LfsObjectService;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.repo.RepoService;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.system.PublicUrls;
import org.selfhub.hub.xet.XetFile;
import org.selfhub.hub.xet.XetFiles;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The write path of the file API: {@code POST .../preupload/{rev}} (hub-api-contract.md §7.5) and
 * the commit, {@code POST .../commit/{rev}} (§7.7), as NDJSON or the older single JSON object.
 * Every {@code lfsFile} is linked to the repository (which checks it was uploaded and verified)
 * before the branch moves; any malformed line or path fails the whole commit with a 400 and changes
 * nothing.
 */
@RestController
class CommitController {

    /** Bodies of regular content travel base64-inline; the Python pipeline splits commits near 100 MB. */
    static final int MAX_COMMIT_BODY = 1 << 30;
    static final long LFS_THRESHOLD = 10L * 1024 * 1024;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final RepoService repos;
    private final GitService git;
    private final FileIndex index;
    private final LfsObjectService lfs;
    private final PublicUrls urls;
    private final JsonMapper json;
    private final XetFiles xet;

    CommitController(RepoService repos, GitService git, FileIndex index, LfsObjectService lfs, PublicUrls urls,
                     JsonMapper json, XetFiles xet) {
        this.repos = repos;
        this.git = git;
        this.index = index;
        this.lfs = lfs;
        this.urls = urls;
        this.json = json;
        this.xet = xet;
    }

    // ---------------------------------------------------------------- preupload

    @PostMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/preupload/**")
    Map<String, Object> preupload(Caller caller, HttpServletRequest request) throws IOException {
        RepoUri uri = RepoUri.api(request);
        Repo repo = repos.requireWritable(caller, uri.repo());
        String sha = git.resolveCommit(repo.id(), branchOf(uri.decodedRemainder()));
        JsonNode body = readJson(request.getInputStream().readNBytes(64 << 20));
        String attributes = text(body, "gitAttributes");
        if (attributes == null) {
            attributes = git.readFile(repo.id(), sha, GitAttributes.PATH, 1 << 20)
                    .map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        }
        String gitIgnore = text(body, "gitIgnore");
        if (gitIgnore == null) {
            gitIgnore = git.readFile(repo.id(), sha, ".gitignore", 1 << 20)
                    .map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        }
        GitIgnore ignore = GitIgnore.parse(gitIgnore);

        List<Map<String, Object>> files = new ArrayList<>();
        for (JsonNode file : body.path("files")) {
            String path = GitPaths.validate(text(file, "path"));
            long size = file.path("size").asLong(0);
            byte[] sample = decodeBase64(text(file, "sample"), "sample of " + path);
            boolean lfsMode = GitAttributes.isLfs(attributes, path) || size >= LFS_THRESHOLD || isBinary(sample);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("path", path);
            answer.put("uploadMode", lfsMode ? "lfs" : "regular");
            answer.put("shouldIgnore", ignore.isIgnored(path));
            answer.put("oid", index.find(repo.id(), sha, path).filter(e -> !e.directory())
                    .map(e -> e.isLfs() ? e.lfsOid() : e.oid()).orElse(null));
            files.add(answer);
        }
        return Map.of("files", files);
    }

    /** Binary when the sample has a NUL byte or is not UTF-8 (a multi-byte character cut at the end is fine). */
    static boolean isBinary(byte[] sample) {
        for (byte b : sample) {
            if (b == 0) {
                return true;
            }
        }
        int end = sample.length;
        for (int cut = 0; cut <= Math.min(3, sample.length); cut++) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(sample, 0, end - cut));
                return false;
            } catch (CharacterCodingException e) {
                // try again without a possibly truncated last character
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- commit

    @PostMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/commit/**")
    Map<String, Object> commit(Caller caller, HttpServletRequest request) throws IOException {
        RepoUri uri = RepoUri.api(request);
        Repo repo = repos.requireWritable(caller, uri.repo());
        if (Flags.flag(request, "create_pr")) {
            throw HubException.badRequest("pull requests are not supported yet");
        }
        String branch = branchOf(uri.decodedRemainder());
        if (branch.startsWith("refs/")) {
            throw HubException.badRequest("Commits to " + branch + " are not supported yet: commit to a branch");
        }
        byte[] body = readBody(request.getInputStream());
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        ParsedCommit parsed = contentType.startsWith("application/json") ? parseJson(body) : parseNdjson(body);

        // Resolve sizes and link LFS objects before anything moves: unknown or unverified objects are a 422.
        List<CommitOperation> operations = new ArrayList<>();
        for (CommitOperation op : parsed.operations()) {
            if (op instanceof CommitOperation.PutLfsPointer pointer) {
                long size = pointer.size();
                // Xet hook: a sha256 uploaded through Xet for this repository (xet.md §1.4).
                java.util.Optional<XetFile> xetFile = lfs.isLinked(repo.id(), pointer.oid())
                        ? java.util.Optional.empty() : xet.find(repo.id(), pointer.oid(), size);
                if (xetFile.isPresent()) {
                    operations.add(new CommitOperation.PutLfsPointer(pointer.path(), pointer.oid(),
                            xetFile.get().size()));
                    continue;
                }
                if (size < 0) {
                    LfsObject object = lfs.findVerified(pointer.oid()).orElseThrow(() -> new HubException(
                            HubErrorCode.UNPROCESSABLE, "LFS object " + pointer.oid() + " was not uploaded"));
                    size = object.size();
                }
                lfs.linkVerified(repo.id(), pointer.oid(), size);
                operations.add(new CommitOperation.PutLfsPointer(pointer.path(), pointer.oid(), size));
            } else {
                operations.add(op);
            }
        }
        String author = caller.name() == null ? "hub" : caller.name();
        CommitResult result = git.commit(new CommitRequest(repo.id(), branch, parsed.parentCommit(), author,
                author + "@users.noreply.hub", parsed.summary(), parsed.description(), operations));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("commitOid", result.commitSha());
        answer.put("commitUrl", urls.base(request) + "/" + repo.type().urlPrefix() + repo.repoId() + "/commit/"
                + result.commitSha());
        answer.put("commitMessage", parsed.summary());
        answer.put("commitDescription", parsed.description());
        answer.put("pullRequestUrl", null);
        return answer;
    }

    record ParsedCommit(String summary, String description, String parentCommit, List<CommitOperation> operations) {
    }

    ParsedCommit parseNdjson(byte[] body) {
        String text = utf8(body, "The commit body is not valid UTF-8");
        String summary = null;
        String description = "";
        String parent = null;
        boolean header = false;
        List<CommitOperation> operations = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (RuntimeException e) {
                throw HubException.badRequest("Malformed NDJSON: line " + (i + 1) + " is not a JSON object");
            }
            if (node == null || !node.isObject() || !node.path("key").isString() || !node.path("value").isObject()) {
                throw HubException.badRequest("Malformed NDJSON: line " + (i + 1)
                        + " must be an object with a string 'key' and an object 'value'");
            }
            String key = node.path("key").asString();
            JsonNode value = node.path("value");
            if (!header && !key.equals("header")) {
                throw HubException.badRequest("Malformed NDJSON: the first line must be the header");
            }
            switch (key) {
                case "header" -> {
                    if (header) {
                        throw HubException.badRequest("Malformed NDJSON: line " + (i + 1) + " is a second header");
                    }
                    header = true;
                    summary = text(value, "summary");
                    description = text(value, "description") == null ? "" : text(value, "description");
                    parent = text(value, "parentCommit");
                }
                case "file" -> operations.add(file(value));
                case "lfsFile" -> operations.add(lfsFile(value));
                case "deletedFile" -> operations.add(new CommitOperation.DeleteFile(requirePath(value)));
                case "deletedFolder" -> operations.add(new CommitOperation.DeleteFolder(
                        GitPaths.validateFolder(requirePathText(value))));
                case "copyFile" -> operations.add(new CommitOperation.CopyFile(
                        GitPaths.validate(requireText(value, "srcPath")), text(value, "srcRevision"),
                        requirePath(value)));
                default -> throw HubException.badRequest("Malformed NDJSON: unknown key '" + key + "' on line "
                        + (i + 1));
            }
        }
        if (!header) {
            throw HubException.badRequest("Malformed NDJSON: the header line is missing");
        }
        return new ParsedCommit(summary(summary), description, parent, operations);
    }

    /** The older single-object form: {@code {summary, description, parentCommit, files, lfsFiles, deletedFiles, deletedFolders}}. */
    ParsedCommit parseJson(byte[] body) {
        JsonNode node = readJson(body);
        List<CommitOperation> operations = new ArrayList<>();
        for (JsonNode d : node.path("deletedFiles")) {
            operations.add(new CommitOperation.DeleteFile(requirePath(d)));
        }
        for (JsonNode d : node.path("deletedFolders")) {
            operations.add(new CommitOperation.DeleteFolder(GitPaths.validateFolder(requirePathText(d))));
        }
        for (JsonNode f : node.path("files")) {
            operations.add(file(f));
        }
        for (JsonNode f : node.path("lfsFiles")) {
            operations.add(lfsFile(f));
        }
        String description = text(node, "description");
        return new ParsedCommit(summary(text(node, "summary")), description == null ? "" : description,
                text(node, "parentCommit"), operations);
    }

    private static CommitOperation file(JsonNode value) {
        String path = requirePath(value);
        String encoding = text(value, "encoding");
        String content = text(value, "content");
        if (content == null) {
            throw HubException.badRequest("Missing content for " + path);
        }
        byte[] bytes;
        if (encoding == null || encoding.equalsIgnoreCase("base64")) {
            bytes = decodeBase64(content, "content of " + path);
        } else if (encoding.equalsIgnoreCase("utf-8") || encoding.equalsIgnoreCase("utf8")) {
            bytes = content.getBytes(StandardCharsets.UTF_8);
        } else {
            throw HubException.badRequest("Unsupported encoding '" + encoding + "' for " + path);
        }
        return new CommitOperation.PutFile(path, bytes);
    }

    private static CommitOperation lfsFile(JsonNode value) {
        String path = requirePath(value);
        String algo = text(value, "algo");
        if (algo != null && !algo.equals("sha256")) {
            throw HubException.badRequest("Unsupported LFS hash algorithm '" + algo + "' for " + path);
        }
        String oid = text(value, "oid");
        if (oid == null || !SHA256.matcher(oid).matches()) {
            throw HubException.badRequest("Invalid LFS oid for " + path + ": expected 64 lowercase hex characters");
        }
        JsonNode size = value.path("size");
        if (!size.isMissingNode() && !size.isNull() && (!size.canConvertToLong() || size.asLong() < 0)) {
            throw HubException.badRequest("Invalid LFS size for " + path);
        }
        return new CommitOperation.PutLfsPointer(path, oid, size.isMissingNode() || size.isNull() ? -1 : size.asLong());
    }

    private static String summary(String summary) {
        return summary == null || summary.isBlank() ? "Upload files" : summary;
    }

    private static String requirePath(JsonNode value) {
        return GitPaths.validate(requirePathText(value));
    }

    private static String requirePathText(JsonNode value) {
        return requireText(value, "path");
    }

    private static String requireText(JsonNode value, String field) {
        String text = text(value, field);
        if (text == null) {
            throw HubException.badRequest("Missing '" + field + "'");
        }
        return text;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw HubException.badRequest("'" + field + "' must be a string");
        }
        return value.asString();
    }

    private static byte[] decodeBase64(String content, String what) {
        if (content == null) {
            return new byte[0];
        }
        try {
            // Strict: the MIME decoder would silently skip invalid characters.
            return Base64.getDecoder().decode(content.replace("\n", "").replace("\r", ""));
        } catch (IllegalArgumentException e) {
            throw HubException.badRequest("Invalid base64 in the " + what);
        }
    }

    private JsonNode readJson(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw HubException.badRequest("Expected a JSON object");
            }
            return node;
        } catch (HubException e) {
            throw e;
        } catch (RuntimeException e) {
            throw HubException.badRequest("Invalid JSON body");
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_COMMIT_BODY + 1);
        if (body.length > MAX_COMMIT_BODY) {
            throw new HubException(HubErrorCode.PAYLOAD_TOO_LARGE,
                    "The commit body is larger than 1 GiB: upload large files through LFS");
        }
        return body;
    }

    private static String utf8(byte[] bytes, String message) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw HubException.badRequest(message);
        }
    }

    /** The branch a write revision names: {@code refs/heads/x} and {@code x} are the same branch. */
    static String branchOf(String revision) {
        if (revision.isEmpty()) {
            throw HubException.badRequest("Missing revision");
        }
        return revision.startsWith("refs/heads/") ? revision.substring("refs/heads/".length()) : revision;
    }
}
