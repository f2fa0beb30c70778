package org.selfhub.hub.auth;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.selfhub.hub.shared.HubException;

/**
 * The naming rules of huggingface.co for accounts (users, organizations) and repositories
 * (hub-api-contract.md §1.2, the clients' {@code validate_repo_id}): {@code [A-Za-z0-9._-]}, 1–96
 * characters, starting with a letter or digit and not ending in {@code -} or {@code .}, no {@code --}
 * or {@code ..}, not ending in {@code .git}. Account names must also not collide with the hub's own
 * top-level paths ({@code /api}, {@code /models}, ...), since {@code /{namespace}/{name}} is a web URL.
 */
public final class NameRules {

    public static final int MAX_LENGTH = 96;

    private static final Pattern CHARACTERS = Pattern.compile("[A-Za-z0-9._-]+");

    /** First path segments the hub or the web UI use themselves, compared without regard to case. */
    private static final Set<String> RESERVED = Set.of(
            "api", "admin", "settings", "models", "datasets", "spaces", "new", "login", "logout",
            "organizations", "docs", "assets", "actuator", "hf-inference", "join", "pricing", "search",
            "users", "static", "git", "auth", "oauth", "avatars", "collections", "papers", "posts", "blog",
            "inference", "favicon.ico", "robots.txt", "index.html", "me", "root", "huggingface", "hub",
            "tasks", "notifications", "profile", "signup", "welcome", "privacy", "terms", "status");

    private NameRules() {
    }

    /** Checks a repository name (or any name following the HF character rules); throws 400 when it breaks them. */
    public static String requireValidName(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw HubException.badRequest(problem);
        }
        return name;
    }

    /** Checks a user or organization name: the character rules plus the reserved names. */
    public static String requireValidAccountName(String name) {
        requireValidName(name);
        if (isReserved(name)) {
            throw HubException.badRequest("The name '" + name + "' is reserved; choose another name");
        }
        return name;
    }

    public static boolean isReserved(String name) {
        return name != null && RESERVED.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Why the name is invalid, or null when it is valid. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "A name is required";
        }
        String quoted = "'" + (name.length() > 120 ? name.substring(0, 120) + "…" : name) + "'";
        if (name.length() > MAX_LENGTH) {
            return "Invalid name " + quoted + ": at most " + MAX_LENGTH + " characters";
        }
        if (!CHARACTERS.matcher(name).matches()) {
            return "Invalid name " + quoted + ": only letters, digits, '-', '_' and '.' are allowed";
        }
        if (!Character.isLetterOrDigit(name.charAt(0))) {
            return "Invalid name " + quoted + ": it must start with a letter or a digit";
        }
        char last = name.charAt(name.length() - 1);
        if (last == '-' || last == '.') {
            return "Invalid name " + quoted + ": it must not end with '-' or '.'";
        }
        if (name.contains("--") || name.contains("..")) {
            return "Invalid name " + quoted + ": '--' and '..' are not allowed";
        }
        if (name.toLowerCase(Locale.ROOT).endsWith(".git")) {
            return "Invalid name " + quoted + ": it must not end with '.git'";
        }
        return null;
    }
}
