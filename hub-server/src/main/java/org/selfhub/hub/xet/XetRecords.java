package org.selfhub.hub.xet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The Xet tables of V8: stored xorbs with their chunk metadata, files with their terms, and links to repositories. */
@Component
class XetRecords {

    /** A file as stored: its hash, size, sha256 (null when the shard had none) and ordered terms. */
    record StoredFile(String hash, long size, String sha256, List<StoredTerm> terms) {
    }

    /** Chunks [chunkStart, chunkEnd) of a xorb, {@code unpackedBytes} raw bytes. */
    record StoredTerm(String xorbHash, int chunkStart, int chunkEnd, long unpackedBytes) {
    }

    private final JdbcClient jdbc;
    private final XetLinkCache links;

    XetRecords(JdbcClient jdbc, XetLinkCache links) {
        this.jdbc = jdbc;
        this.links = links;
    }

    boolean xorbExists(String hash) {
        return jdbc.sql("SELECT count(*) FROM xet_xorb WHERE hash = :hash").param("hash", hash)
                .query(Long.class).single() > 0;
    }

    /** Records a stored xorb; false when it was already recorded (first write wins). */
    boolean insertXorb(XorbLayout xorb) {
        return jdbc.sql("""
                        INSERT INTO xet_xorb (hash, chunk_count, serialized_size, unpacked_size, chunk_hashes,
                                              compressed_ends, unpacked_ends)
                        VALUES (:hash, :count, :serialized, :unpacked, :hashes, :compressed, :raw)
                        ON CONFLICT (hash) DO NOTHING""")
                .param("hash", xorb.hash()).param("count", xorb.chunkCount())
                .param("serialized", xorb.serializedSize())
                .param("unpacked", (long) xorb.unpackedEnds()[xorb.chunkCount() - 1])
                .param("hashes", xorb.chunkHashes()).param("compressed", pack(xorb.compressedEnds()))
                .param("raw", pack(xorb.unpackedEnds())).update() > 0;
    }

    Optional<XorbLayout> findXorb(String hash) {
        return jdbc.sql("SELECT hash, chunk_count, chunk_hashes, compressed_ends, unpacked_ends FROM xet_xorb"
                        + " WHERE hash = :hash")
                .param("hash", hash)
                .query((rs, n) -> new XorbLayout(rs.getString(1), rs.getInt(2), rs.getBytes(3), unpack(rs.getBytes(4)),
                        unpack(rs.getBytes(5))))
                .optional();
    }

    /** Records a file with its terms (when new) and links it to the repository; true when the file was new. */
    @Transactional
    boolean insertFileAndLink(UUID repositoryId, String fileHash, long size, String sha256, List<StoredTerm> terms) {
        boolean inserted = jdbc.sql("INSERT INTO xet_file (hash, size, sha256) VALUES (:hash, :size, :sha256)"
                        + " ON CONFLICT (hash) DO NOTHING")
                .param("hash", fileHash).param("size", size).param("sha256", sha256).update() > 0;
        if (inserted) {
            for (int i = 0; i < terms.size(); i++) {
                StoredTerm t = terms.get(i);
                jdbc.sql("""
                                INSERT INTO xet_file_term (file_hash, term_index, xorb_hash, chunk_start, chunk_end,
                                                           unpacked_bytes)
                                VALUES (:file, :index, :xorb, :start, :end, :bytes)""")
                        .param("file", fileHash).param("index", i).param("xorb", t.xorbHash())
                        .param("start", t.chunkStart()).param("end", t.chunkEnd()).param("bytes", t.unpackedBytes())
                        .update();
            }
        } else if (sha256 != null) {
            jdbc.sql("UPDATE xet_file SET sha256 = :sha256 WHERE hash = :hash AND sha256 IS NULL")
                    .param("hash", fileHash).param("sha256", sha256).update();
        }
        boolean linked = jdbc.sql("INSERT INTO xet_file_link (repository_id, file_hash) VALUES (:repo, :file)"
                        + " ON CONFLICT DO NOTHING")
                .param("repo", repositoryId).param("file", fileHash).update() > 0;
        links.forget(repositoryId);
        return inserted || linked;
    }

    boolean isLinked(UUID repositoryId, String fileHash) {
        return jdbc.sql("SELECT count(*) FROM xet_file_link WHERE repository_id = :repo AND file_hash = :file")
                .param("repo", repositoryId).param("file", fileHash).query(Long.class).single() > 0;
    }

    Optional<StoredFile> findFile(String hash) {
        Optional<Object[]> row = jdbc.sql("SELECT hash, size, sha256 FROM xet_file WHERE hash = :hash")
                .param("hash", hash)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getLong(2), rs.getString(3)})
                .optional();
        return row.map(r -> new StoredFile((String) r[0], (Long) r[1], (String) r[2], terms((String) r[0])));
    }

    /** The newest file with this sha256 linked to the repository. */
    Optional<StoredFile> findLinkedBySha256(UUID repositoryId, String sha256) {
        return jdbc.sql("""
                        SELECT f.hash FROM xet_file f JOIN xet_file_link l ON l.file_hash = f.hash
                        WHERE l.repository_id = :repo AND f.sha256 = :sha256
                        ORDER BY l.created_at DESC, f.hash LIMIT 1""")
                .param("repo", repositoryId).param("sha256", sha256)
                .query(String.class).optional().flatMap(this::findFile);
    }

    /** sha256 → xet hash for those of {@code sha256s} with a file linked to the repository. */
    Map<String, String> linkedHashesBySha256(UUID repositoryId, Collection<String> sha256s) {
        Map<String, String> out = new HashMap<>();
        if (sha256s.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT f.sha256, f.hash FROM xet_file f JOIN xet_file_link l ON l.file_hash = f.hash
                        WHERE l.repository_id = :repo AND f.sha256 IN (:sha256s)
                        ORDER BY l.created_at, f.hash""")
                .param("repo", repositoryId).param("sha256s", sha256s)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private List<StoredTerm> terms(String fileHash) {
        return jdbc.sql("SELECT xorb_hash, chunk_start, chunk_end, unpacked_bytes FROM xet_file_term"
                        + " WHERE file_hash = :file ORDER BY term_index")
                .param("file", fileHash)
                .query((rs, n) -> new StoredTerm(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getLong(4)))
                .list();
    }

    static byte[] pack(int[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putInt(v);
        }
        return buffer.array();
    }

    static int[] unpack(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[bytes.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = buffer.getInt();
        }
        return out;
    }
}
