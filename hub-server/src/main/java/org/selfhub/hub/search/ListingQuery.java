package org.selfhub.hub.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoType;

/**
 * One listing request, parsed (hub-api-contract.md §4).
 *
 * @param searches    substrings that the id must all contain, without regard to case
 * @param author      the namespace, without regard to case; null for any
 * @param filters     tags that must all be among the repository's tags
 * @param pipelineTag the task; null for any
 * @param library     the library; null for any
 * @param gated       only gated (true) or only ungated (false) repositories; null for both
 * @param ascending   {@code direction=1}; every sort is descending by default
 * @param after       where the previous page ended; null for the first page
 */
record ListingQuery(RepoType type, List<String> searches, String author, List<String> filters, String pipelineTag,
                    String library, Boolean gated, ListingSort sort, boolean ascending, int limit, Cursor after) {

    /** The last row of a page: its sort value (as text) and id, bound to the sort it was made for. */
    record Cursor(ListingSort sort, boolean ascending, String value, UUID id) {

        String encode() {
            String raw = sort.name() + "\n" + (ascending ? "asc" : "desc") + "\n" + id + "\n" + value;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** The cursor of a next-page URL; 400 when it is not one this sort and direction made. */
        static Cursor decode(String text, ListingSort sort, boolean ascending) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                String[] parts = raw.split("\n", 4);
                if (parts.length != 4 || !parts[0].equals(sort.name())
                        || !parts[1].equals(ascending ? "asc" : "desc")) {
                    throw HubException.badRequest("Invalid cursor: it belongs to another sort or direction");
                }
                sort.bindValue(parts[3]);
                return new Cursor(sort, ascending, parts[3], UUID.fromString(parts[2]));
            } catch (IllegalArgumentException e) {
                throw HubException.badRequest("Invalid cursor");
            }
        }
    }
}
