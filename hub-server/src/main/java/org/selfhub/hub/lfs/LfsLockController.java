package org.selfhub.hub.lfs;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.selfhub.hub.auth.AuthService;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.lfs.LfsLockMessages.CreateRequest;
import org.selfhub.hub.lfs.LfsLockMessages.ListResponse;
import org.selfhub.hub.lfs.LfsLockMessages.LockJson;
import org.selfhub.hub.lfs.LfsLockMessages.LockResponse;
import org.selfhub.hub.lfs.LfsLockMessages.UnlockRequest;
import org.selfhub.hub.lfs.LfsLockMessages.VerifyRequest;
import org.selfhub.hub.lfs.LfsLockMessages.VerifyResponse;
import org.selfhub.hub.repo.Repo;
import org.selfhub.hub.repo.RepoService;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoRef;
import org.selfhub.hub.shared.RepoType;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The LFS locking API under {@code /[datasets/|spaces/]{ns}/{name}[.git]/info/lfs/locks}
 * (git-lfs docs/api/locking.md), used by {@code git lfs lock/unlock/locks} and by git-lfs's pre-push
 * ({@code locks/verify}). Listing needs read access, everything else write access (a read token gets
 * 403); a hidden repository answers like a missing one, an anonymous caller gets the Basic challenge.
 */
@RestController
class LfsLockController {

    private static final String BASE = "/{namespace}/{name}/info/lfs/locks";
    private static final String TYPED = "/{type:datasets|spaces}/{namespace}/{name}/info/lfs/locks";
    private static final MediaType LFS_JSON = MediaType.parseMediaType(LfsBatchMessages.MEDIA_TYPE);
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final AuthService auth;
    private final RepoService repos;
    private final LfsLockService locks;
    private final JsonMapper json;

    LfsLockController(AuthService auth, RepoService repos, LfsLockService locks, JsonMapper json) {
        this.auth = auth;
        this.repos = repos;
        this.locks = locks;
        this.json = json;
    }

    @PostMapping({BASE, TYPED})
    ResponseEntity<LockResponse> create(@PathVariable(required = false) String type, @PathVariable String namespace,
                                        @PathVariable String name, HttpServletRequest request) throws IOException {
        Caller caller = auth.current(request);
        Repo repo = repos.requireWritable(caller, ref(type, namespace, name));
        CreateRequest body = read(request, CreateRequest.class);
        LfsLockService.Created created = locks.create(repo, caller, body.path(),
                body.ref() == null ? null : body.ref().name());
        if (!created.isNew()) {
            return lfs(HttpStatus.CONFLICT, new LockResponse(created.lock() == null ? null
                    : LockJson.of(created.lock()), "already created lock"));
        }
        return lfs(HttpStatus.CREATED, new LockResponse(LockJson.of(created.lock()), null));
    }

    @GetMapping({BASE, TYPED})
    ResponseEntity<ListResponse> list(@PathVariable(required = false) String type, @PathVariable String namespace,
                                      @PathVariable String name, @RequestParam(required = false) String path,
                                      @RequestParam(required = false) String id,
                                      @RequestParam(required = false) String cursor,
                                      @RequestParam(required = false, defaultValue = "0") int limit,
                                      HttpServletRequest request) {
        Repo repo = repos.requireReadable(auth.current(request), ref(type, namespace, name));
        LfsLockService.Page page = locks.list(repo.id(), path, id, cursor, limit);
        return lfs(HttpStatus.OK, new ListResponse(json(page.locks()), page.nextCursor()));
    }

    @PostMapping({BASE + "/verify", TYPED + "/verify"})
    ResponseEntity<VerifyResponse> verify(@PathVariable(required = false) String type, @PathVariable String namespace,
                                          @PathVariable String name, HttpServletRequest request) throws IOException {
        Caller caller = auth.current(request);
        Repo repo = repos.requireWritable(caller, ref(type, namespace, name));
        VerifyRequest body = read(request, VerifyRequest.class);
        LfsLockService.Page page = locks.list(repo.id(), null, null, body.cursor(),
                body.limit() == null ? 0 : body.limit());
        List<LockJson> ours = new ArrayList<>();
        List<LockJson> theirs = new ArrayList<>();
        for (LfsLockService.Lock lock : page.locks()) {
            (caller.accountId() != null && caller.accountId() == lock.ownerId() ? ours : theirs).add(LockJson.of(lock));
        }
        return lfs(HttpStatus.OK, new VerifyResponse(ours, theirs, page.nextCursor()));
    }

    @PostMapping({BASE + "/{id}/unlock", TYPED + "/{id}/unlock"})
    ResponseEntity<LockResponse> unlock(@PathVariable(required = false) String type, @PathVariable String namespace,
                                        @PathVariable String name, @PathVariable String id,
                                        HttpServletRequest request) throws IOException {
        Caller caller = auth.current(request);
        Repo repo = repos.requireWritable(caller, ref(type, namespace, name));
        UnlockRequest body = read(request, UnlockRequest.class);
        LfsLockService.Lock lock = locks.unlock(repo, caller, id, Boolean.TRUE.equals(body.force()));
        return lfs(HttpStatus.OK, new LockResponse(LockJson.of(lock), null));
    }

    private static RepoRef ref(String type, String namespace, String name) {
        String bare = name.endsWith(".git") ? name.substring(0, name.length() - 4) : name;
        return new RepoRef(type == null ? RepoType.MODEL : RepoType.fromPlural(type), namespace, bare);
    }

    private static List<LockJson> json(List<LfsLockService.Lock> locks) {
        return locks.stream().map(LockJson::of).toList();
    }

    private static <T> ResponseEntity<T> lfs(HttpStatus status, T body) {
        return ResponseEntity.status(status).contentType(LFS_JSON).body(body);
    }

    /** An empty body reads as an empty object: {@code unlock} and {@code verify} may send none. */
    private <T> T read(HttpServletRequest request, Class<T> type) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new HubException(HubErrorCode.PAYLOAD_TOO_LARGE, "Lock request too large");
        }
        try {
            T value = json.readValue(body.length == 0 ? "{}".getBytes() : body, type);
            if (value == null) {
                throw HubException.badRequest("Invalid lock request: expected a JSON object");
            }
            return value;
        } catch (JacksonException e) {
            throw HubException.badRequest("Invalid lock request: not the expected JSON");
        }
    }
}
