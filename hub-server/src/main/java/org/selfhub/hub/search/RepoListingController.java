package org.selfhub.hub.search;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.git.FileEntry;
import org.selfhub.hub.git.FileIndex;
import org.selfhub.hub.shared.HfDates;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoType;
import org.selfhub.hub.system.PublicUrls;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/models}, {@code /api/datasets}, {@code /api/spaces} (hub-api-contract.md §4):
 * {@code search}, {@code author}, {@code filter} (repeatable, all must match), {@code pipeline_tag},
 * {@code library}, {@code gated}, {@code sort} and {@code direction}, {@code limit} (the page size,
 * at most 1000), {@code full}, {@code cardData}, {@code config} and {@code expand}. Pages follow each
 * other through an absolute {@code Link: <…&cursor=…>; rel="next"} (§1.7); private repositories are
 * listed only for callers who may read them.
 *
 * <p>The default item has the fields huggingface.co lists for each type; {@code full} adds the
 * author, head sha, dates, gating, card data and the file names; {@code expand} returns only the
 * named properties besides {@code _id} and {@code id}.
 *
 * <p>Finished pages are kept in {@link ListingCache} and served while no repository has changed since.
 */
@RestController
class RepoListingController {

    static final int MAX_LIMIT = 1000;

    private static final Map<RepoType, Set<String>> EXPANDABLE = Map.of(
            RepoType.MODEL, Set.of("author", "baseModels", "cardData", "childrenModelCount", "config", "createdAt",
                    "disabled", "downloads", "downloadsAllTime", "evalResults", "gated", "gguf", "inference",
                    "inferenceProviderMapping", "lastModified", "library_name", "likes", "mask_token", "model-index",
                    "pipeline_tag", "private", "resourceGroup", "safetensors", "sha", "siblings", "spaces", "tags",
                    "transformersInfo", "trendingScore", "usedStorage", "widgetData", "xetEnabled"),
            RepoType.DATASET, Set.of("author", "cardData", "citation", "createdAt", "description", "disabled",
                    "downloads", "downloadsAllTime", "gated", "lastModified", "likes", "mainSize", "paperswithcode_id",
                    "private", "resourceGroup", "sha", "siblings", "tags", "trendingScore", "usedStorage",
                    "xetEnabled"),
            RepoType.SPACE, Set.of("author", "cardData", "createdAt", "datasets", "disabled", "host", "lastModified",
                    "likes", "models", "private", "region", "resourceGroup", "runtime", "sdk", "sha", "siblings",
                    "subdomain", "tags", "trendingScore", "usedStorage", "xetEnabled"));

    /** The fields of a plain listing item, as huggingface.co lists each type ({@code modelId}: the legacy alias). */
    private static final Map<RepoType, List<String>> DEFAULT_FIELDS = Map.of(
            RepoType.MODEL, List.of("likes", "trendingScore", "private", "downloads", "tags", "pipeline_tag",
                    "library_name", "createdAt", "modelId"),
            RepoType.DATASET, List.of("author", "sha", "lastModified", "private", "gated", "disabled", "downloads",
                    "likes", "tags", "createdAt", "trendingScore"),
            RepoType.SPACE, List.of("author", "likes", "trendingScore", "private", "sdk", "tags", "createdAt"));

    /** What {@code full=true} adds. */
    private static final List<String> FULL_FIELDS = List.of("author", "sha", "lastModified", "gated", "disabled",
            "cardData", "siblings");

    private final RepoSearch search;
    private final FileIndex index;
    private final PublicUrls urls;
    private final JsonMapper json;
    private final ListingCache cache;

    RepoListingController(RepoSearch search, FileIndex index, PublicUrls urls, JsonMapper json, ListingCache cache) {
        this.search = search;
        this.cache = cache;
        this.index = index;
        this.urls = urls;
        this.json = json;
    }

    @GetMapping({"/api/models", "/api/datasets", "/api/spaces"})
    ResponseEntity<byte[]> list(Caller caller, HttpServletRequest request) {
        String path = request.getRequestURI();
        String query = request.getQueryString();
        ListingCache.Key key = new ListingCache.Key(urls.base(request) + path + (query == null ? "" : "?" + query),
                viewer(caller));
        long version = cache.version();
        ListingCache.Page page = cache.get(key, version);
        if (page == null) {
            page = page(RepoType.fromPlural(path.substring(path.lastIndexOf('/') + 1)), caller, request, version);
            cache.put(key, page);
        }
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
        if (page.link() != null) {
            ok.header("Link", page.link());
        }
        return ok.body(page.body());
    }

    /** What decides which private repositories a listing shows this caller (see {@code RepoSearch}). */
    private static String viewer(Caller caller) {
        if (caller.admin()) {
            return "admin";
        }
        if (caller.isAnonymous()) {
            return "";
        }
        return caller.name().toLowerCase(Locale.ROOT) + " " + new TreeSet<>(caller.orgRoles().keySet());
    }

    private ListingCache.Page page(RepoType type, Caller caller, HttpServletRequest request, long version) {
        ListingSort sort = ListingSort.parse(request.getParameter("sort"));
        boolean ascending = "1".equals(strip(request.getParameter("direction")));
        String cursor = strip(request.getParameter("cursor"));
        ListingQuery query = new ListingQuery(type, values(request, "search"), strip(request.getParameter("author")),
                values(request, "filter"), strip(request.getParameter("pipeline_tag")),
                strip(request.getParameter("library")), optionalFlag(request, "gated"), sort, ascending,
                limit(request), cursor == null ? null : ListingQuery.Cursor.decode(cursor, sort, ascending));
        Set<String> fields = fields(type, request);

        boolean withJson = fields.contains("cardData") || fields.contains("config") || fields.contains("safetensors")
                || fields.contains("gguf");
        List<RepoSearch.Row> rows = search.find(query, caller, withJson);
        String link = null;
        if (rows.size() > query.limit()) {
            rows = rows.subList(0, query.limit());
            RepoSearch.Row last = rows.get(rows.size() - 1);
            String next = new ListingQuery.Cursor(sort, ascending, last.sortValue(), last.id()).encode();
            link = "<" + nextPageUrl(request, next) + ">; rel=\"next\"";
        }
        List<Map<String, Object>> items = new ArrayList<>(rows.size());
        for (RepoSearch.Row row : rows) {
            items.add(item(type, row, fields));
        }
        return new ListingCache.Page(version, json.writeValueAsBytes(items), link);
    }

    /** The properties to send: {@code expand} exactly, else the type's defaults plus what the flags add. */
    private static Set<String> fields(RepoType type, HttpServletRequest request) {
        List<String> expand = values(request, "expand");
        if (!expand.isEmpty()) {
            Set<String> only = new LinkedHashSet<>();
            for (String property : expand) {
                if (!EXPANDABLE.get(type).contains(property)) {
                    throw HubException.badRequest("Invalid expand property '" + property + "'");
                }
                only.add(property);
            }
            return only;
        }
        Set<String> fields = new LinkedHashSet<>(DEFAULT_FIELDS.get(type));
        if (flag(request, "full")) {
            fields.addAll(FULL_FIELDS);
        }
        if (flag(request, "cardData")) {
            fields.add("cardData");
        }
        if (flag(request, "config") && type == RepoType.MODEL) {
            fields.add("config");
        }
        return fields;
    }

    /** One item; keys in a stable order, properties that a repository lacks left out as on the Hub. */
    private Map<String, Object> item(RepoType type, RepoSearch.Row row, Set<String> fields) {
        String id = row.namespace() + "/" + row.name();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_id", row.id().toString());
        m.put("id", id);
        if (fields.contains("author")) {
            m.put("author", row.namespace());
        }
        if (fields.contains("sha") && row.headSha() != null) {
            m.put("sha", row.headSha());
        }
        if (fields.contains("lastModified")) {
            m.put("lastModified", HfDates.format(row.lastModified()));
        }
        if (fields.contains("private")) {
            m.put("private", row.isPrivate());
        }
        if (fields.contains("gated")) {
            m.put("gated", "false".equals(row.gated()) ? Boolean.FALSE : row.gated());
        }
        if (fields.contains("disabled")) {
            m.put("disabled", false);
        }
        if (fields.contains("downloads") && type != RepoType.SPACE) {
            m.put("downloads", row.downloads());
        }
        if (fields.contains("downloadsAllTime") && type != RepoType.SPACE) {
            m.put("downloadsAllTime", row.downloadsAllTime());
        }
        if (fields.contains("likes")) {
            m.put("likes", row.likes());
        }
        if (fields.contains("trendingScore")) {
            m.put("trendingScore", Math.round(row.trendingScore()));
        }
        if (fields.contains("tags")) {
            m.put("tags", row.tags());
        }
        if (fields.contains("pipeline_tag") && row.pipelineTag() != null) {
            m.put("pipeline_tag", row.pipelineTag());
        }
        if (fields.contains("library_name") && row.libraryName() != null) {
            m.put("library_name", row.libraryName());
        }
        if (fields.contains("sdk") && row.sdk() != null) {
            m.put("sdk", row.sdk());
        }
        if (fields.contains("createdAt")) {
            m.put("createdAt", HfDates.format(row.createdAt()));
        }
        if (fields.contains("cardData") && row.cardData() != null) {
            m.put("cardData", json.readValue(row.cardData(), Object.class));
        }
        if (fields.contains("config") && row.config() != null) {
            m.put("config", json.readValue(row.config(), Object.class));
        }
        if (fields.contains("safetensors") && row.safetensors() != null) {
            m.put("safetensors", json.readValue(row.safetensors(), Object.class));
        }
        if (fields.contains("gguf") && row.gguf() != null) {
            m.put("gguf", json.readValue(row.gguf(), Object.class));
        }
        if (fields.contains("usedStorage")) {
            m.put("usedStorage", row.usedStorage());
        }
        if (fields.contains("mainSize")) {
            m.put("mainSize", row.usedStorage());
        }
        if (fields.contains("spaces")) {
            m.put("spaces", List.of());
        }
        if (fields.contains("xetEnabled")) {
            m.put("xetEnabled", false);
        }
        if (fields.contains("siblings")) {
            List<Map<String, Object>> siblings = new ArrayList<>();
            if (row.headSha() != null) {
                for (FileEntry file : index.files(row.id(), row.headSha().strip())) {
                    siblings.add(Map.of("rfilename", file.path()));
                }
            }
            m.put("siblings", siblings);
        }
        if (fields.contains("modelId")) {
            m.put("modelId", id);
        }
        return m;
    }

    /** This request's URL, absolute, with every parameter kept and the cursor replaced. */
    private String nextPageUrl(HttpServletRequest request, String cursor) {
        StringBuilder url = new StringBuilder(urls.base(request)).append(request.getRequestURI()).append('?');
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (parameter.getKey().equals("cursor")) {
                continue;
            }
            for (String value : parameter.getValue()) {
                url.append(encode(parameter.getKey())).append('=').append(encode(value)).append('&');
            }
        }
        return url.append("cursor=").append(cursor).toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- query parameters as the clients send them (hub-api-contract.md §1.4)

    private static String strip(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A repeatable parameter under both spellings, {@code name=} and {@code name[]=}, blanks dropped. */
    private static List<String> values(HttpServletRequest request, String name) {
        List<String> values = new ArrayList<>();
        for (String key : List.of(name, name + "[]")) {
            String[] v = request.getParameterValues(key);
            if (v != null) {
                Arrays.stream(v).filter(s -> !s.isBlank()).map(String::strip).forEach(values::add);
            }
        }
        return values;
    }

    private static boolean flag(HttpServletRequest request, String name) {
        Boolean value = optionalFlag(request, name);
        return value != null && value;
    }

    /** {@code true}/{@code True}/{@code 1} and {@code false}/{@code False}/{@code 0}; null when absent. */
    private static Boolean optionalFlag(HttpServletRequest request, String name) {
        String value = strip(request.getParameter(name));
        if (value == null) {
            return null;
        }
        String v = value.toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("1") || v.equals("yes");
    }

    private static int limit(HttpServletRequest request) {
        String value = strip(request.getParameter("limit"));
        if (value == null) {
            return MAX_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit < 1) {
                throw HubException.badRequest("limit must be positive");
            }
            return Math.min(limit, MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw HubException.badRequest("Invalid value for 'limit'");
        }
    }
}
