package org.selfhub.hub.search;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.selfhub.hub.auth.Caller;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.stereotype.Component;

/**
 * The listing's one SQL query over {@code repository}: visibility, search, filters, sort and keyset
 * paging, all in PostgreSQL. The id search uses the trigram index on {@code repo_id} (the stored
 * {@code lower(namespace/name)} of V9), tag filters the gin index on {@code tags}, sorts the per-type
 * covering btrees of V9; PostgreSQL picks, by its statistics, between walking a sort index (filters
 * that many rows pass) and intersecting the filter indexes then sorting the few matches.
 *
 * <p>Visibility is the access policy's read rule, in SQL: public repositories, private ones in the
 * caller's own namespace or organizations, everything for an admin.
 */
@Component
class RepoSearch {

    /** One row: what every response shape may need; the JSON columns only when asked for. */
    record Row(UUID id, String namespace, String name, boolean isPrivate, String gated, java.time.Instant createdAt,
               java.time.Instant lastModified, String headSha, long downloads, long downloadsAllTime, long likes,
               double trendingScore, List<String> tags, String pipelineTag, String libraryName, long usedStorage,
               String sdk, String cardData, String config, String safetensors, String gguf, String sortValue) {
    }

    private final JdbcTemplate jdbc;
    /** The statement's time (execution, transfer, row mapping), apart from the request's whole time. */
    private final Timer queryTimer;

    RepoSearch(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.queryTimer = Timer.builder("hub.search.query")
                .description("Listing SQL: waiting for a pooled connection, execution, transfer, row mapping")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
    }

    /** The most sort-index entries the bounded walk reads before the planner is asked instead. */
    static final int WALK_BUDGET = 5000;
    /** The bounded walk is tried for pages up to this size (limit + 1 rows). */
    static final int WALK_MAX_ROWS = 101;

    /**
     * Up to {@code query.limit() + 1} rows: one more than a page tells whether another page follows.
     *
     * <p>Each statement finds the page's ids from columns that the covering sort indexes of V9 carry,
     * then reads the page's rows by primary key. Two strategies, tried in this order:
     * <ol>
     *   <li>the bounded walk: the first {@link #WALK_BUDGET} entries of the sort index (an index-only
     *   scan that stops as soon as the page is full), filtered. When it fills the page, that page is
     *   exact: the entries are a prefix of the sort order, so their first matches are the first
     *   matches overall. This serves the common case (filters that many rows pass) in well under a
     *   millisecond whatever the planner would estimate for a LIKE and a tag filter together.</li>
     *   <li>otherwise, one statement that PostgreSQL plans for its actual values: it walks the sort
     *   index, or intersects the trigram, tag, task and library indexes and sorts the few matches.</li>
     * </ol>
     */
    List<Row> find(ListingQuery query, Caller caller, boolean withJson) {
        return queryTimer.record(() -> {
            if (query.sort().indexed && query.author() == null && query.limit() + 1 <= WALK_MAX_ROWS) {
                List<Row> rows = run(query, caller, withJson, true);
                if (rows.size() == query.limit() + 1) {
                    return rows;
                }
            }
            return run(query, caller, withJson, false);
        });
    }

    private List<Row> run(ListingQuery query, Caller caller, boolean withJson, boolean boundedWalk) {
        ListingSort sort = query.sort();
        String order = query.ascending() ? " ASC" : " DESC";
        List<Object> args = new ArrayList<>(12);
        StringBuilder sql = new StringBuilder(1024).append("SELECT r.id, r.namespace, r.name, r.private, r.gated,"
                + " r.created_at, r.last_modified, r.head_sha, r.downloads, r.downloads_all_time, r.likes,"
                + " r.trending_score, r.tags, r.pipeline_tag, r.library_name, r.used_storage, r.sdk, ");
        sql.append(withJson
                ? "CAST(r.card_data AS text) AS card_data, CAST(r.config AS text) AS config,"
                        + " CAST(r.safetensors AS text) AS safetensors, CAST(r.gguf AS text) AS gguf, "
                : "NULL AS card_data, NULL AS config, NULL AS safetensors, NULL AS gguf, ");
        if (boundedWalk) {
            // the type and the cursor bound the index scan; every other filter applies to its output
            sql.append("k.sort_key FROM (SELECT id, sort_key FROM (SELECT id, ").append(sort.expression)
                    .append(" AS sort_key, private, gated, namespace, repo_id, tags, pipeline_tag, library_name"
                            + " FROM repository WHERE type = ?");
            args.add(query.type().value());
            appendCursor(sql, args, query, sort.expression);
            sql.append(" ORDER BY ").append(sort.expression).append(order).append(", id").append(order)
                    .append(" LIMIT ").append(WALK_BUDGET).append(") s WHERE true");
            appendFilters(sql, args, query, caller);
            sql.append(" ORDER BY sort_key").append(order).append(", id").append(order);
        } else {
            sql.append("k.sort_key FROM (SELECT id, ").append(sort.expression)
                    .append(" AS sort_key FROM repository WHERE type = ?");
            args.add(query.type().value());
            appendFilters(sql, args, query, caller);
            appendCursor(sql, args, query, sort.expression);
            sql.append(" ORDER BY ").append(sort.expression).append(order).append(", id").append(order);
        }
        sql.append(" LIMIT ?) k JOIN repository r ON r.id = k.id ORDER BY k.sort_key").append(order)
                .append(", k.id").append(order);
        args.add(query.limit() + 1);

        String text = sql.toString();
        return jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(text);
            if (!boundedWalk) {
                // Never a server-side prepared statement: PostgreSQL would switch to a generic plan
                // after five executions, and a generic plan cannot tell a selective search from a
                // common one (it estimates every LIKE and tag filter alike and keeps one strategy).
                // Unnamed, the statement is planned for its actual values on every execution. The
                // bounded walk has one plan whatever the values, so its generic plan is kept.
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            for (int i = 0; i < args.size(); i++) {
                StatementCreatorUtils.setParameterValue(statement, i + 1, SqlTypeValue.TYPE_UNKNOWN, args.get(i));
            }
            return statement;
        }, (rs, n) -> row(rs, sort));
    }

    /** Visibility, search, author, tags, task, library and gating, as SQL over the covered columns. */
    private static void appendFilters(StringBuilder sql, List<Object> args, ListingQuery query, Caller caller) {
        if (!caller.admin()) {
            List<String> namespaces = new ArrayList<>();
            if (!caller.isAnonymous()) {
                namespaces.add(caller.name().toLowerCase(Locale.ROOT));
                namespaces.addAll(caller.orgRoles().keySet());
            }
            if (namespaces.isEmpty()) {
                sql.append(" AND NOT private");
            } else {
                sql.append(" AND (NOT private OR lower(namespace) = ANY (CAST(? AS text[])))");
                args.add(namespaces.toArray(new String[0]));
            }
        }
        for (String search : query.searches()) {
            // backslash, LIKE's default escape: an ESCAPE clause would call like_escape() for every
            // row of a generic plan's walk
            sql.append(" AND repo_id LIKE ?");
            args.add("%" + likeEscape(search.toLowerCase(Locale.ROOT)) + "%");
        }
        if (query.author() != null) {
            sql.append(" AND lower(namespace) = lower(?)");
            args.add(query.author());
        }
        if (!query.filters().isEmpty()) {
            sql.append(" AND tags @> CAST(? AS text[])");
            args.add(query.filters().toArray(new String[0]));
        }
        if (query.pipelineTag() != null) {
            sql.append(" AND pipeline_tag = ?");
            args.add(query.pipelineTag());
        }
        if (query.library() != null) {
            sql.append(" AND library_name = ?");
            args.add(query.library());
        }
        if (query.gated() != null) {
            sql.append(query.gated() ? " AND gated <> 'false'" : " AND gated = 'false'");
        }
    }

    /** Row comparison: the same total order as ORDER BY, so a page starts right after the last one. */
    private static void appendCursor(StringBuilder sql, List<Object> args, ListingQuery query, String expression) {
        if (query.after() != null) {
            sql.append(" AND (").append(expression).append(", id) ").append(query.ascending() ? ">" : "<")
                    .append(" (?, ?)");
            args.add(query.sort().bindValue(query.after().value()));
            args.add(query.after().id());
        }
    }

    private static Row row(ResultSet rs, ListingSort sort) throws SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getString("namespace"), rs.getString("name"),
                rs.getBoolean("private"), rs.getString("gated"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("last_modified").toInstant(), rs.getString("head_sha"), rs.getLong("downloads"),
                rs.getLong("downloads_all_time"), rs.getLong("likes"), rs.getDouble("trending_score"),
                List.of((String[]) rs.getArray("tags").getArray()), rs.getString("pipeline_tag"),
                rs.getString("library_name"), rs.getLong("used_storage"), rs.getString("sdk"),
                rs.getString("card_data"), rs.getString("config"), rs.getString("safetensors"), rs.getString("gguf"),
                sort.cursorValue(rs));
    }

    /** LIKE pattern text that matches itself literally. */
    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
