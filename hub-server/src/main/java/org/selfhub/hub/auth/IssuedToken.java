package org.selfhub.hub.auth;

/** A token just created: the only moment its secret exists outside the caller's hands. */
public record IssuedToken(String token, TokenInfo info) {

    @Override
    public String toString() {
        return "IssuedToken[" + info + "]";
    }
}
