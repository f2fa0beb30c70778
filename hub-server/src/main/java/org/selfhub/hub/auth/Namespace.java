package org.selfhub.hub.auth;

/** An account that owns repositories: a user or an organization (they share one namespace). */
public record Namespace(long id, String name, Kind kind) {

    public enum Kind {
        USER, ORG;

        /** The value stored in {@code account.kind} and sent as {@code type}: {@code user} or {@code org}. */
        public String value() {
            return this == USER ? "user" : "org";
        }

        static Kind fromValue(String value) {
            return "org".equals(value) ? ORG : USER;
        }
    }

    public boolean isOrganization() {
        return kind == Kind.ORG;
    }
}
