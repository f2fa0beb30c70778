package org.selfhub.hub.files;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.selfhub.hub.git.FileEntry;
import org.selfhub.hub.git.GitCommit;
import org.selfhub.hub.shared.HfDates;

/** The JSON shapes of tree and paths-info entries (hub-api-contract.md §5.1) and of commits (§6.2). */
final class FileJson {

    private FileJson() {
    }

    /**
     * A tree entry. {@code lastCommit} is added only when expanded; {@code securityFileStatus} is
     * never sent: when present, Python requires status, avScan and pickleImportScan, and the hub
     * scans nothing yet. {@code xetHash} is sent only for LFS content stored as Xet (xet.md §1.3):
     * Python 2.x then downloads it through Xet without a HEAD.
     */
    static Map<String, Object> entry(FileEntry e, GitCommit lastCommit, String xetHash) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.directory() ? "directory" : "file");
        m.put("oid", e.oid());
        m.put("size", e.directory() ? 0 : e.size());
        if (e.isLfs()) {
            m.put("lfs", Map.of("oid", e.lfsOid(), "size", e.size(), "pointerSize", e.pointerSize()));
        }
        if (xetHash != null) {
            m.put("xetHash", xetHash);
        }
        m.put("path", e.path());
        if (lastCommit != null) {
            m.put("lastCommit", Map.of("id", lastCommit.id(), "title", lastCommit.title(),
                    "date", HfDates.format(lastCommit.date())));
        }
        return m;
    }

    static Map<String, Object> commit(GitCommit c, boolean formatted) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("title", c.title());
        m.put("message", c.message());
        m.put("date", HfDates.format(c.date()));
        m.put("authors", c.authors().stream().map(a -> Map.of("user", a, "avatar", "")).toList());
        if (formatted) {
            m.put("formatted", Map.of("title", html(c.title()), "message", html(c.message())));
        }
        return m;
    }

    static List<Map<String, Object>> siblings(List<FileEntry> files, boolean blobs) {
        return files.stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rfilename", f.path());
            if (blobs) {
                m.put("blobId", f.oid());
                m.put("size", f.size());
                if (f.isLfs()) {
                    m.put("lfs", Map.of("sha256", f.lfsOid(), "size", f.size(), "pointerSize", f.pointerSize()));
                }
            }
            return m;
        }).toList();
    }

    private static String html(String text) {
        return "<p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>";
    }
}
