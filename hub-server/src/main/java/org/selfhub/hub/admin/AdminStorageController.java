package org.selfhub.hub.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.selfhub.hub.auth.AccessPolicy;
import org.selfhub.hub.auth.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/storage}: what the hub stores, for the admin console. Bytes per repository
 * are the {@code usedStorage} of repo info (its files at the head of its default branch); the LFS and
 * Xet stores are counted once per object, and objects that no repository links any more are what a
 * garbage collector could delete. Read-only, admins only.
 */
@RestController
class AdminStorageController {

    static final int LARGEST = 50;

    private final JdbcClient jdbc;
    private final AccessPolicy policy;

    AdminStorageController(JdbcClient jdbc, AccessPolicy policy) {
        this.jdbc = jdbc;
        this.policy = policy;
    }

    @GetMapping("/api/admin/storage")
    Map<String, Object> storage(Caller caller) {
        policy.requireHubAdmin(caller, false);
        Map<String, Object> out = new LinkedHashMap<>();
        jdbc.sql("SELECT count(*), coalesce(sum(used_storage), 0) FROM repository")
                .query(rs -> {
                    out.put("repositories", rs.getLong(1));
                    out.put("totalBytes", rs.getLong(2));
                });
        out.put("lfs", pair("SELECT count(*), coalesce(sum(size), 0) FROM lfs_object", "objects", "bytes"));
        out.put("xet", pair("SELECT count(*), coalesce(sum(serialized_size), 0) FROM xet_xorb", "xorbs", "bytes"));
        Map<String, Object> unreferenced = pair("""
                        SELECT count(*), coalesce(sum(size), 0) FROM lfs_object o
                        WHERE NOT EXISTS (SELECT 1 FROM lfs_object_link l WHERE l.oid = o.oid)""",
                "lfsObjects", "lfsBytes");
        unreferenced.put("xetFiles", jdbc.sql("""
                        SELECT count(*) FROM xet_file f
                        WHERE NOT EXISTS (SELECT 1 FROM xet_file_link l WHERE l.file_hash = f.hash)""")
                .query(Long.class).single());
        out.put("unreferenced", unreferenced);
        List<Map<String, Object>> largest = jdbc.sql("""
                        SELECT namespace, name, type, private, used_storage FROM repository
                        ORDER BY used_storage DESC, namespace, name LIMIT :n""")
                .param("n", LARGEST)
                .query((rs, n) -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("id", rs.getString("namespace") + "/" + rs.getString("name"));
                    r.put("type", rs.getString("type"));
                    r.put("private", rs.getBoolean("private"));
                    r.put("usedStorage", rs.getLong("used_storage"));
                    return r;
                })
                .list();
        out.put("largest", largest);
        return out;
    }

    private Map<String, Object> pair(String sql, String countName, String bytesName) {
        Map<String, Object> m = new LinkedHashMap<>();
        jdbc.sql(sql).query(rs -> {
            m.put(countName, rs.getLong(1));
            m.put(bytesName, rs.getLong(2));
        });
        return m;
    }
}
