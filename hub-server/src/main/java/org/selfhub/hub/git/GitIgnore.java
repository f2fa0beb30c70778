package org.selfhub.hub.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.ignore.IgnoreNode;

/** The rules of a {@code .gitignore} file, as git applies them (preupload's {@code shouldIgnore}). */
public final class GitIgnore {

    private final IgnoreNode rules;

    private GitIgnore(IgnoreNode rules) {
        this.rules = rules;
    }

    public static GitIgnore parse(String text) {
        IgnoreNode rules = new IgnoreNode();
        try {
            rules.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GitIgnore(rules);
    }

    /** Whether a file at this repository path is ignored. */
    public boolean isIgnored(String path) {
        return Boolean.TRUE.equals(rules.checkIgnored(path, false));
    }
}
