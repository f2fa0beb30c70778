package org.selfhub.hub.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.selfhub.hub.shared.HfDates;
import org.selfhub.hub.shared.HubException;

/**
 * {@code GET /api/models}, {@code /api/datasets}, {@code /api/spaces} (hub-api-contract.md §4):
 * public repositories, newest first, with {@code search} and {@code author}. Filters, sorts, cursor
 * paging and private repositories for their readers come with the search feature.
 */
@RestController
class RepoListingController {

    private final JdbcClient jdbc;

    RepoListingController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/{kind:models|datasets|spaces}")
    List<Map<String, Object>> list(@PathVariable String kind,
                                   @RequestParam(required = false) String search,
                                   @RequestParam(required = false) String author,
                                   @RequestParam(required = false) Integer limit) {
        int pageSize = limit == null ? 1000 : limit;
        if (pageSize < 1) {
            throw HubException.badRequest("limit must be positive");
        }
        String type = kind.substring(0, kind.length() - 1);
        return jdbc.sql("""
                        SELECT id, namespace, name, private, created_at, last_modified, likes, downloads, tags,
                               pipeline_tag, library_name
                        FROM repository
                        WHERE type = :type AND NOT private
                          AND (CAST(:search AS text) IS NULL
                               OR lower(namespace || '/' || name) LIKE '%' || lower(CAST(:search AS text)) || '%')
                          AND (CAST(:author AS text) IS NULL OR lower(namespace) = lower(CAST(:author AS text)))
                        ORDER BY created_at DESC
                        LIMIT :limit""")
                .param("type", type)
                .param("search", search)
                .param("author", author)
                .param("limit", Math.min(pageSize, 1000))
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    String id = rs.getString("namespace") + "/" + rs.getString("name");
                    m.put("_id", rs.getString("id"));
                    m.put("id", id);
                    m.put("author", rs.getString("namespace"));
                    m.put("private", rs.getBoolean("private"));
                    m.put("likes", rs.getLong("likes"));
                    m.put("downloads", rs.getLong("downloads"));
                    m.put("tags", List.of((String[]) rs.getArray("tags").getArray()));
                    m.put("pipeline_tag", rs.getString("pipeline_tag"));
                    m.put("library_name", rs.getString("library_name"));
                    m.put("createdAt", HfDates.format(rs.getTimestamp("created_at").toInstant()));
                    m.put("lastModified", HfDates.format(rs.getTimestamp("last_modified").toInstant()));
                    return m;
                })
                .list();
    }
}
