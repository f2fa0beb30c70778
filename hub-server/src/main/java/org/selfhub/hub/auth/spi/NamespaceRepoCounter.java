package org.selfhub.hub.auth.spi;

import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.auth.Namespace;

/**
 * How many repositories of each type a namespace holds that the viewer may see, for the user and
 * organization overviews. The repository feature implements it; without an implementation the
 * overviews report zero.
 */
public interface NamespaceRepoCounter {

    RepoCounts count(Namespace namespace, Caller viewer);

    record RepoCounts(long models, long datasets, long spaces) {
        public static final RepoCounts NONE = new RepoCounts(0, 0, 0);
    }
}
