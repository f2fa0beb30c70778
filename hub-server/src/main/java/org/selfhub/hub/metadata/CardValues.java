package org.selfhub.hub.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lenient reads of card fields, which authors write as a string or a list of strings. */
final class CardValues {

    private CardValues() {
    }

    /** A field as a list of trimmed, non-blank strings; scalars count, nested maps and lists do not. */
    static List<String> strings(Map<String, Object> card, String key) {
        if (card == null) {
            return List.of();
        }
        Object value = card.get(key);
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> items) {
            for (Object item : items) {
                addScalar(out, item);
            }
        } else {
            addScalar(out, value);
        }
        return out;
    }

    /** The first string of a field, or null. */
    static String first(Map<String, Object> card, String key) {
        List<String> values = strings(card, key);
        return values.isEmpty() ? null : values.get(0);
    }

    private static void addScalar(List<String> out, Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            String text = value.toString().strip();
            if (!text.isEmpty()) {
                out.add(text);
            }
        }
    }
}
