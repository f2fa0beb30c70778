package org.selfhub.hub.git;

import java.time.Instant;
import java.util.List;

/** A commit as the history and tree routes show it. {@code title} is the first line of the message. */
public record GitCommit(String id, String title, String message, Instant date, List<String> authors,
                        List<String> parents) {
}
