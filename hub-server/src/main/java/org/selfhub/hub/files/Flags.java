package org.selfhub.hub.files;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Query parameters as the clients send them (hub-api-contract.md §1.4). */
final class Flags {

    private Flags() {
    }

    /** {@code true}/{@code True}/{@code 1} are true; absent, {@code false}, {@code False}, {@code 0} are false. */
    static boolean isTrue(String value) {
        if (value == null) {
            return false;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("1") || v.equals("yes");
    }

    static boolean flag(HttpServletRequest request, String name) {
        return isTrue(request.getParameter(name));
    }

    /** A repeatable list parameter under both spellings, {@code name=} and {@code name[]=}. */
    static List<String> list(HttpServletRequest request, String name) {
        List<String> values = new ArrayList<>();
        for (String key : List.of(name, name + "[]")) {
            String[] v = request.getParameterValues(key);
            if (v != null) {
                values.addAll(Arrays.asList(v));
            }
        }
        return values;
    }

    static int limit(HttpServletRequest request, int fallback, int max) {
        String value = request.getParameter("limit");
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit < 1) {
                throw org.selfhub.hub.shared.HubException.badRequest("limit must be positive");
            }
            return Math.min(limit, max);
        } catch (NumberFormatException e) {
            throw org.selfhub.hub.shared.HubException.badRequest("Invalid value for 'limit'");
        }
    }
}
