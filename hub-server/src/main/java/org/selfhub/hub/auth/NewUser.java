package org.selfhub.hub.auth;

/** What the admin API needs to create a user. */
public record NewUser(String name, String email, String password, String fullname, boolean admin) {

    @Override
    public String toString() {
        return "NewUser[name=" + name + ", email=" + email + ", admin=" + admin + "]";
    }
}
