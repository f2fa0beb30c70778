package org.selfhub.hub.lfs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Seeds users, tokens and repositories straight into the tables (V1 schema), with names unique to
 * this JVM run, for the LFS integration tests.
 */
final class LfsFixtures {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    LfsFixtures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record User(long id, String name, String writeToken, String readToken) {
    }

    record Repository(UUID id, String type, String namespace, String name) {

        /** The repository part of git and LFS URLs: {@code [datasets/|spaces/]ns/name}. */
        String path() {
            return (type.equals("model") ? "" : type + "s/") + namespace + "/" + name;
        }
    }

    User user(String prefix) {
        String name = prefix + "-" + RUN + "-" + COUNTER.incrementAndGet();
        long id = jdbc.sql("INSERT INTO account (kind, name) VALUES ('user', :name) RETURNING id")
                .param("name", name).query(Long.class).single();
        return new User(id, name, token(id, "write"), token(id, "read"));
    }

    Repository repo(User owner, String type, boolean isPrivate) {
        String name = "lfs-" + RUN + "-" + COUNTER.incrementAndGet();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO repository (id, type, namespace_id, namespace, name, private)
                        VALUES (:id, :type, :ns, :namespace, :name, :private)""")
                .param("id", id).param("type", type).param("ns", owner.id()).param("namespace", owner.name())
                .param("name", name).param("private", isPrivate).update();
        return new Repository(id, type, owner.name(), name);
    }

    private String token(long accountId, String role) {
        StringBuilder token = new StringBuilder("hf_");
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < 34; i++) {
            token.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        String value = token.toString();
        jdbc.sql("""
                        INSERT INTO access_token (account_id, name, role, token_hash, token_prefix)
                        VALUES (:account, :name, :role, :hash, :prefix)""")
                .param("account", accountId).param("name", "lfs-test-" + role).param("role", role)
                .param("hash", sha256Hex(value.getBytes(StandardCharsets.UTF_8)))
                .param("prefix", value.substring(3, 9)).update();
        return value;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
