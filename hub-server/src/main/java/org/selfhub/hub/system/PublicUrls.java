package org.selfhub.hub.system;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The base of every absolute URL the hub hands out ({@code url}, {@code commitUrl}, LFS hrefs,
 * {@code Link} headers): {@code hub.public-url} when set, else the request's own scheme, host and
 * port, honouring {@code X-Forwarded-*} (server.forward-headers-strategy=framework).
 */
@Component
public class PublicUrls {

    private final String configured;

    PublicUrls(HubProperties properties) {
        String url = properties.publicUrl();
        this.configured = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The base URL without a trailing slash, e.g. {@code http://hub.internal:8080}. */
    public String base(HttpServletRequest request) {
        if (!configured.isEmpty()) {
            return configured;
        }
        return ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString();
    }
}
