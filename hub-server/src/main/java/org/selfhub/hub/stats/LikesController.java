package org.selfhub.hub.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.selfhub.hub.auth.AuthService;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.auth.Namespace;
import org.selfhub.hub.shared.HfDates;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoRef;
import org.selfhub.hub.shared.RepoType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Likes as huggingface_hub uses them: {@code POST}/{@code DELETE /api/{type}s/{ns}/{name}/like},
 * {@code GET /api/users/{name}/likes} ({@code list_liked_repos}: items
 * {@code {createdAt, repo: {name, type}}}) and {@code GET /api/{type}s/{ns}/{name}/likers}
 * ({@code list_repo_likers}: items {@code {user, fullname, avatarUrl}}).
 */
@RestController
class LikesController {

    private final LikeService likes;
    private final AuthService auth;

    LikesController(LikeService likes, AuthService auth) {
        this.likes = likes;
        this.auth = auth;
    }

    @PostMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/like")
    Map<String, Object> like(@PathVariable String kind, @PathVariable String namespace, @PathVariable String name,
                             Caller caller) {
        likes.like(caller, new RepoRef(RepoType.fromPlural(kind), namespace, name));
        return Map.of();
    }

    @DeleteMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/like")
    Map<String, Object> unlike(@PathVariable String kind, @PathVariable String namespace, @PathVariable String name,
                               Caller caller) {
        likes.unlike(caller, new RepoRef(RepoType.fromPlural(kind), namespace, name));
        return Map.of();
    }

    @GetMapping("/api/{kind:models|datasets|spaces}/{namespace}/{name}/likers")
    List<Map<String, Object>> likers(@PathVariable String kind, @PathVariable String namespace,
                                     @PathVariable String name, Caller caller) {
        return likes.likers(caller, new RepoRef(RepoType.fromPlural(kind), namespace, name)).stream()
                .map(liker -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("user", liker.name());
                    m.put("fullname", liker.fullname() == null ? liker.name() : liker.fullname());
                    m.put("avatarUrl", liker.avatarUrl() == null ? "" : liker.avatarUrl());
                    m.put("type", "user");
                    return m;
                })
                .toList();
    }

    @GetMapping("/api/users/{name}/likes")
    List<Map<String, Object>> likesOf(@PathVariable String name, Caller caller) {
        Namespace user = auth.findNamespace(name).filter(n -> !n.isOrganization())
                .orElseThrow(() -> HubException.notFound("User " + name + " does not exist"));
        return likes.likesOf(user, caller).stream()
                .map(like -> {
                    Map<String, Object> repo = new LinkedHashMap<>();
                    repo.put("name", like.repoId());
                    repo.put("type", like.type().value());
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("createdAt", HfDates.format(like.createdAt()));
                    m.put("repo", repo);
                    return m;
                })
                .toList();
    }
}
