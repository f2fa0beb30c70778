package org.selfhub.hub.shared;

import java.util.Locale;

/** The three kinds of repositories, with the spellings each route family uses (hub-api-contract.md §1.2). */
public enum RepoType {
    MODEL, DATASET, SPACE;

    /** The value stored in the database and sent as {@code repo_type}: {@code model}, {@code dataset}, {@code space}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The API path segment: {@code models}, {@code datasets}, {@code spaces}. */
    public String plural() {
        return value() + "s";
    }

    /** The prefix of file, git and web URLs: empty for models, {@code datasets/} and {@code spaces/} otherwise. */
    public String urlPrefix() {
        return this == MODEL ? "" : plural() + "/";
    }

    public static RepoType fromValue(String value) {
        if (value == null || value.isEmpty()) {
            return MODEL;
        }
        for (RepoType t : values()) {
            if (t.value().equals(value)) {
                return t;
            }
        }
        throw HubException.badRequest("Invalid repo type '" + value + "': expected model, dataset or space");
    }

    public static RepoType fromPlural(String plural) {
        for (RepoType t : values()) {
            if (t.plural().equals(plural)) {
                return t;
            }
        }
        throw HubException.badRequest("Invalid repo type '" + plural + "'");
    }
}
