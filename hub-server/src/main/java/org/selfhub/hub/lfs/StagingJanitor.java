package org.selfhub.hub.lfs;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.selfhub.hub.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sweeps what abandoned uploads leave in the object store, every hour:
 * <ul>
 *   <li>the store's temporary objects (a write the process died in) after an hour;</li>
 *   <li>{@code lfs-staging/} (presigned single PUTs and assembled multipart uploads on S3 that no
 *       verify or commit picked up) and {@code lfs-parts/} (parts of a multipart upload the hub
 *       received itself and that was never completed), once their transfer URLs have expired
 *       ({@code hub.lfs.url-ttl}) and a day more has passed. A commit can still accept a staged
 *       single PUT after its URL expired (LfsObjectService#linkVerified), hence the extra day.</li>
 * </ul>
 * Verified objects under {@code lfs/} are never touched here. Every replica may sweep: deleting an
 * object twice is harmless.
 */
@Component
class StagingJanitor {

    static final Duration TEMPORARY_GRACE = Duration.ofHours(1);
    static final Duration STAGING_GRACE = Duration.ofDays(1);
    static final String STAGING = "lfs-staging/";
    static final String PARTS = "lfs-parts/";

    private static final Logger log = LoggerFactory.getLogger(StagingJanitor.class);

    private final ObjectStore store;
    private final LfsProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    StagingJanitor(ObjectStore store, LfsProperties properties, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** What one sweep removed. */
    record Sweep(int temporary, int staging, int parts) {
    }

    @Scheduled(initialDelayString = "${hub.lfs.janitor-initial-delay:10m}", fixedDelayString = "${hub.lfs.janitor-interval:1h}")
    void scheduled() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Sweeping abandoned uploads failed; trying again at the next interval", e);
        }
    }

    Sweep sweep() {
        Instant now = clock.instant();
        Instant stagingCutoff = now.minus(properties.urlTtl()).minus(STAGING_GRACE);
        Sweep sweep = new Sweep(store.purgeTemporaryObjects(now.minus(TEMPORARY_GRACE)),
                store.purgeOlderThan(STAGING, stagingCutoff), store.purgeOlderThan(PARTS, stagingCutoff));
        count("temporary", sweep.temporary());
        count("lfs-staging", sweep.staging());
        count("lfs-parts", sweep.parts());
        if (sweep.temporary() + sweep.staging() + sweep.parts() > 0) {
            log.info("Removed abandoned uploads from the object store: {} temporary, {} staged, {} parts",
                    sweep.temporary(), sweep.staging(), sweep.parts());
        }
        return sweep;
    }

    private void count(String area, int removed) {
        meters.counter("hub.storage.abandoned.removed", "area", area).increment(removed);
    }
}
