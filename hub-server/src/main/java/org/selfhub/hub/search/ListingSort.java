package org.selfhub.hub.search;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import org.selfhub.hub.shared.HubException;

/**
 * The sorts of the listing (hub-api-contract.md §4): the values huggingface_hub sends
 * ({@code downloads}, {@code likes}, {@code lastModified}, {@code createdAt}, {@code trendingScore},
 * and their snake_case spellings), and those the JS client adds ({@code likes30d}, {@code id},
 * {@code num_parameters}, {@code mainSize}). Each sorts on one SQL expression, then on the
 * repository's uuid so that keyset paging has a total order.
 */
enum ListingSort {

    DOWNLOADS("downloads", Kind.LONG, true),
    LIKES("likes", Kind.LONG, true),
    TRENDING_SCORE("trending_score", Kind.DOUBLE, true),
    LAST_MODIFIED("last_modified", Kind.TIME, true),
    CREATED_AT("created_at", Kind.TIME, true),
    ID("repo_id", Kind.TEXT, true),
    NUM_PARAMETERS("COALESCE(CAST(safetensors ->> 'total' AS bigint), CAST(gguf ->> 'total' AS bigint), 0)", Kind.LONG,
            false),
    MAIN_SIZE("used_storage", Kind.LONG, false);

    enum Kind { LONG, DOUBLE, TIME, TEXT }

    final String expression;
    final Kind kind;
    /** Whether a covering sort index of V9 serves this sort (type, value, id). */
    final boolean indexed;

    ListingSort(String expression, Kind kind, boolean indexed) {
        this.expression = expression;
        this.kind = kind;
        this.indexed = indexed;
    }

    /** The sort a client asked for; without one, the newest repositories come first. */
    static ListingSort parse(String value) {
        if (value == null || value.isBlank()) {
            return CREATED_AT;
        }
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "downloads":
            case "downloadsalltime":
                return DOWNLOADS;
            case "likes":
            case "likes30d": // no 30-day like window is kept: all-time likes rank the same way here
                return LIKES;
            case "trendingscore":
            case "trending_score":
            case "trending":
                return TRENDING_SCORE;
            case "lastmodified":
            case "last_modified":
            case "updatedat":
                return LAST_MODIFIED;
            case "createdat":
            case "created_at":
                return CREATED_AT;
            case "id":
            case "modelid":
            case "name":
                return ID;
            case "num_parameters":
            case "numparameters":
                return NUM_PARAMETERS;
            case "mainsize":
            case "main_size":
            case "usedstorage":
                return MAIN_SIZE;
            default:
                throw HubException.badRequest("Invalid sort '" + value + "': expected one of downloads, likes, "
                        + "lastModified, createdAt, trendingScore, id, num_parameters, mainSize");
        }
    }

    /** The row's sort value as cursor text. */
    String cursorValue(ResultSet rs) throws SQLException {
        switch (kind) {
            case LONG:
                return Long.toString(rs.getLong("sort_key"));
            case DOUBLE:
                return Double.toString(rs.getDouble("sort_key"));
            case TIME:
                return rs.getTimestamp("sort_key").toInstant().toString();
            default:
                return rs.getString("sort_key");
        }
    }

    /** Cursor text back into a bind value of the expression's type. */
    Object bindValue(String text) {
        try {
            switch (kind) {
                case LONG:
                    return Long.parseLong(text);
                case DOUBLE:
                    return Double.parseDouble(text);
                case TIME:
                    return Timestamp.from(Instant.parse(text));
                default:
                    return text;
            }
        } catch (RuntimeException e) {
            throw HubException.badRequest("Invalid cursor");
        }
    }
}
