package org.selfhub.hub.system;

import java.util.regex.Pattern;

/**
 * The routing order of the URL space (architecture.md "The URL space"), in one place. A request path
 * belongs to the first family whose pattern matches; {@code HubPathsTests} pins the order. Web
 * routes ({@code /{ns}/{name}}, {@code /models}, ...) are whatever is left, so the SPA can use the
 * same URLs as huggingface.co.
 */
public final class HubPaths {

    /** Families of routes, in matching order. */
    public enum Family { API, GIT, FILES, INFERENCE, INTERNAL, ACTUATOR, WEB }

    public static final String INFERENCE_PREFIX = "/hf-inference";

    private static final String REPO = "(?:(?:datasets|spaces)/)?[^/]+/[^/]+";
    private static final Pattern GIT = Pattern.compile(
            "^/" + REPO + "(?:\\.git(?:/.*)?|/info/(?:refs|lfs(?:/.*)?)|/git-(?:upload|receive)-pack|/HEAD)$");
    private static final Pattern FILES = Pattern.compile("^/" + REPO + "/(?:resolve|raw)/.+$");

    private HubPaths() {
    }

    public static Family classify(String path) {
        if (path.equals("/api") || path.startsWith("/api/")) {
            return Family.API;
        }
        if (mayBeGit(path) && GIT.matcher(path).matches()) {
            return Family.GIT;
        }
        if ((path.contains("/resolve/") || path.contains("/raw/")) && FILES.matcher(path).matches()) {
            return Family.FILES;
        }
        if (path.equals(INFERENCE_PREFIX) || path.startsWith(INFERENCE_PREFIX + "/")) {
            return Family.INFERENCE;
        }
        if (path.startsWith("/internal/")) {
            // The worker protocol (docs/inference-protocol.md): machines only, never the web UI.
            return Family.INTERNAL;
        }
        if (path.startsWith("/actuator/")) {
            return Family.ACTUATOR;
        }
        return Family.WEB;
    }

    /** What every path {@link #GIT} matches contains: spares the pattern on all other requests. */
    private static boolean mayBeGit(String path) {
        return path.contains(".git") || path.contains("/info/") || path.contains("/git-") || path.endsWith("/HEAD");
    }
}
