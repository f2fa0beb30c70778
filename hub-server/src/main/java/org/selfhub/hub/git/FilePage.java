package org.selfhub.hub.git;

import java.util.List;

/** One page of a listing; {@code nextCursor} is null on the last page. */
public record FilePage(List<FileEntry> entries, String nextCursor) {
}
