package org.selfhub.hub.repo;

import org.selfhub.hub.auth.AccessPolicy;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.auth.Namespace;
import org.selfhub.hub.auth.spi.NamespaceRepoCounter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Counts a namespace's repositories for the account overviews: private ones only for their readers. */
@Component
class RepoCounter implements NamespaceRepoCounter {

    private final JdbcClient jdbc;
    private final AccessPolicy policy;

    RepoCounter(JdbcClient jdbc, AccessPolicy policy) {
        this.jdbc = jdbc;
        this.policy = policy;
    }

    @Override
    public RepoCounts count(Namespace namespace, Caller viewer) {
        boolean seesPrivate = policy.canRead(viewer, namespace.name(), true);
        return jdbc.sql("""
                        SELECT count(*) FILTER (WHERE type = 'model') AS models,
                               count(*) FILTER (WHERE type = 'dataset') AS datasets,
                               count(*) FILTER (WHERE type = 'space') AS spaces
                        FROM repository WHERE namespace_id = :ns AND (:all OR NOT private)""")
                .param("ns", namespace.id()).param("all", seesPrivate)
                .query((rs, n) -> new RepoCounts(rs.getLong("models"), rs.getLong("datasets"), rs.getLong("spaces")))
                .single();
    }
}
