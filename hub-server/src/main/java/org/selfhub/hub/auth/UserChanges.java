package org.selfhub.hub.auth;

/** A partial update of a user: null fields stay as they are. */
public record UserChanges(Boolean disabled, Boolean admin, String password, String fullname, String email) {

    @Override
    public String toString() {
        return "UserChanges[disabled=" + disabled + ", admin=" + admin + ", password=" + (password == null ? null : "***")
                + ", fullname=" + fullname + ", email=" + email + "]";
    }
}
