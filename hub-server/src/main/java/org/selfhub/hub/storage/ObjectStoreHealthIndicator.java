package org.selfhub.hub.storage;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Reports the object store as {@code objectStore} in the health endpoint, through {@link ObjectStore#check()}. */
final class ObjectStoreHealthIndicator implements HealthIndicator {

    private final ObjectStore objectStore;

    ObjectStoreHealthIndicator(ObjectStore objectStore) {
        this.objectStore = objectStore;
    }

    @Override
    public Health health() {
        try {
            objectStore.check();
            return Health.up().withDetail("store", objectStore.toString()).build();
        } catch (RuntimeException e) {
            // The message is the store's one-line reason; the class name adds nothing for operators.
            return Health.down().withDetail("store", objectStore.toString()).withDetail("error", e.getMessage())
                    .build();
        }
    }
}
